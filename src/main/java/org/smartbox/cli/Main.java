package org.smartbox.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import org.smartbox.config.ConfigException;
import org.smartbox.logging.Logging;
import org.smartbox.sim.SimulatorException;
import org.smartbox.store.SqliteLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code smartbox} command line: the composition root that picks adapters for each command. */
@Command(name = "smartbox", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        header = "Controller for SmartBox key-exchange boxes.",
        description = {"Runs the kiosk of a key-exchange box (keypad, display, latches, key sensors, second"
                + " factor by SMS or app) and the tools around it. 'smartbox COMMAND --help' describes each"
                + " command; /usr/share/doc/smartbox/ has the README and the interface documents."},
        footerHeading = "%nExamples:%n",
        footer = {"  smartbox simulate", "  sudo -u smartbox smartbox diag",
                "  smartbox config check /etc/smartbox/smartbox.properties"})
public final class Main implements Runnable {

    /**
     * The commands, by the name each one's {@code @Command} gives it, in the order help lists them.
     * Picocli builds a command's model by reflection when it is added; building all of them took a
     * third of the service's start-up, so a command line that names one adds only that one.
     */
    static final List<String> COMMANDS = List.of("simulate", "run", "import", "audit", "diag", "keys", "grant",
            "publish", "events", "config", "help");

    /** A new instance of a command (a switch rather than a table of lambdas: each lambda costs start-up time). */
    static Object command(String name) {
        switch (name) {
            case "simulate":
                return new SimulateCommand();
            case "run":
                return new RunCommand();
            case "import":
                return new ImportCommand();
            case "audit":
                return new AuditCommand();
            case "diag":
                return new DiagCommand();
            case "keys":
                return new KeysCommand();
            case "grant":
                return new GrantCommand();
            case "publish":
                return new PublishCommand();
            case "events":
                return new EventsCommand();
            case "config":
                return new ConfigCommand();
            case "help":
                return new CommandLine.HelpCommand();
            default:
                throw new IllegalArgumentException("no command " + name);
        }
    }

    static final String SQLITE_LIB_PATH = "org.sqlite.lib.path";
    static final String SQLITE_LIB_NAME = "org.sqlite.lib.name";

    /** Exit status for bad usage, bad options and bad config, before anything was touched. */
    public static final int USAGE = 2;
    /** Exit status for a failure the software did not foresee (a bug). */
    public static final int INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Every command takes it (picocli copies an inherited option into each subcommand). */
    @CommandLine.Option(names = "--log-level", paramLabel = "LEVEL", scope = CommandLine.ScopeType.INHERIT,
            description = "error, warn, info, debug or trace (default: the config's log.level, else info).")
    void logLevel(String name) {
        Logging.levelFromCommandLine(Logging.parse(name).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--log-level: \"" + name + "\" is not one of "
                        + String.join(", ", Logging.LEVEL_NAMES))));
    }

    public static void main(String[] args) {
        // Before the first logger: the journal's line format is chosen once.
        Logging.setUp(System.getenv());
        // A command may open the database: before the first connection (not for --version or help).
        if (args.length > 0 && COMMANDS.contains(args[0]) && !args[0].equals("help")) {
            keepSqliteLibrary(System.getProperties());
        }
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Points sqlite-jdbc (its system properties) at the copy of SQLite's library kept between starts
     * ({@link SqliteLibrary}) in {@code java.io.tmpdir}, unless the operator named a library: extracting
     * and checking it afresh was a third of a start. Without a trusted copy, sqlite-jdbc extracts it.
     */
    static void keepSqliteLibrary(Properties system) {
        if (system.getProperty(SQLITE_LIB_PATH) != null || system.getProperty(SQLITE_LIB_NAME) != null) {
            return;
        }
        SqliteLibrary.keep(Path.of(system.getProperty("java.io.tmpdir")), system.getProperty("user.name"))
                .ifPresent(kept -> {
                    system.setProperty(SQLITE_LIB_PATH, kept.folder().toString());
                    system.setProperty(SQLITE_LIB_NAME, kept.name());
                });
    }

    /** The whole command line, every command in it (for --help, the man page and bash completion). */
    static CommandLine full() {
        CommandLine cli = new CommandLine(new Main());
        for (String name : COMMANDS) {
            cli.addSubcommand(name, command(name));
        }
        return cli;
    }

    /** Runs one command line with the given streams and returns its exit status (tests run commands in-process). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main());
        // "smartbox run ...": only run's model is built; anything else (--help, help, a typo) gets them all.
        String named = args.length > 0 ? args[0] : "";
        if (COMMANDS.contains(named) && !named.equals("help")) {
            cli.addSubcommand(named, command(named));
        } else {
            for (String name : COMMANDS) {
                cli.addSubcommand(name, command(name));
            }
        }
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
