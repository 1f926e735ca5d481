package org.smartbox.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;
import org.smartbox.config.ConfigException;
import org.smartbox.sim.SimulatorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code smartbox} command line: the composition root that picks adapters for each command. */
@Command(name = "smartbox", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Controller for SmartBox key-exchange boxes.",
        subcommands = {SimulateCommand.class, RunCommand.class, ImportCommand.class, AuditCommand.class,
                DiagCommand.class, KeysCommand.class, GrantCommand.class, PublishCommand.class, EventsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad usage, bad options and bad config, before anything was touched. */
    public static final int USAGE = 2;
    /** Exit status for a failure the software did not foresee (a bug). */
    public static final int INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            err.println("smartbox: " + e.getMessage() + " (see: " + fullName(e.getCommandLine()) + " --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof ConfigException || e instanceof SimulatorException) {
                err.println("smartbox: " + e.getMessage());
                return USAGE;
            }
            LoggerFactory.getLogger(Main.class).error("internal error", e);
            err.println("smartbox: internal error: " + e);
            return INTERNAL;
        });
        return cli.execute(args);
    }

    private static String fullName(CommandLine command) {
        return command.getParent() == null ? command.getCommandName()
                : fullName(command.getParent()) + " " + command.getCommandName();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }
}
