package org.smartbox.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The smartbox(1) man page in roff, made from the command line's model (headers, descriptions,
 * options, examples) plus the parts a man page has beyond {@code --help}: files, environment,
 * exit status.
 */
final class ManPage {

    private ManPage() {
    }

    static String render(CommandLine cli, String version, String buildDate) {
        StringBuilder man = new StringBuilder();
        String date = buildDate.length() >= 10 ? buildDate.substring(0, 10) : buildDate;
        man.append(".TH SMARTBOX 1 \"").append(date).append("\" \"smartbox ").append(version)
                .append("\" \"User Commands\"\n");
        man.append(".SH NAME\nsmartbox \\- controller for SmartBox key\\-exchange boxes\n");
        man.append(".SH SYNOPSIS\n.B smartbox\n[\\fB\\-\\-log\\-level\\fR \\fILEVEL\\fR] \\fICOMMAND\\fR"
                + " [\\fIOPTION\\fR]...\n.br\n.B smartbox\n\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n");
        man.append(".SH DESCRIPTION\n");
        paragraphs(man, cli.getCommandSpec().usageMessage().description());
        man.append(".PP\nThe commands, with their options:\n");
        man.append(".SH COMMANDS\n");
        for (CommandLine command : cli.getSubcommands().values()) {
            commands(man, command);
        }
        man.append(".SH OPTIONS OF EVERY COMMAND\n");
        for (OptionSpec option : cli.getCommandSpec().options()) {
            option(man, option);
        }
        man.append(FIXED);
        return man.toString();
    }

    private static void commands(StringBuilder man, CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.name().equals("help") || spec.usageMessage().hidden()) {
            return;
        }
        man.append(".SS \"").append(escape(spec.qualifiedName())).append("\"\n");
        paragraphs(man, spec.usageMessage().header());
        if (spec.subcommands().isEmpty()) {
            man.append(".PP\n.nf\n").append(escape(synopsis(command))).append("\n.fi\n");
        }
        paragraphs(man, spec.usageMessage().description());
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            man.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n")
                    .append(escape(text(parameter))).append('\n');
        }
        for (OptionSpec option : spec.options()) {
            // The standard and inherited options are described once, under OPTIONS OF EVERY COMMAND.
            if (!option.inherited() && !option.usageHelp() && !option.versionHelp()) {
                option(man, option);
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            man.append(".PP\n").append(escape(spec.usageMessage().footerHeading().replace("%n", "").strip()))
                    .append("\n.PP\n.RS 4\n.nf\n");
            for (String line : footer) {
                man.append(escape(line.strip())).append('\n');
            }
            man.append(".fi\n.RE\n");
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            commands(man, sub);
        }
    }

    private static String synopsis(CommandLine command) {
        CommandLine.Help help = new CommandLine.Help(command.getCommandSpec(), CommandLine.Help.defaultColorScheme(
                CommandLine.Help.Ansi.OFF));
        return help.synopsis(0).replaceAll("(?m)^Usage: ", "").stripTrailing();
    }

    private static void option(StringBuilder man, OptionSpec option) {
        if (option.hidden()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            String label = option.typeInfo().isBoolean() ? "" : "=\\fI" + escape(option.paramLabel()) + "\\fR";
            names.add("\\fB" + escape(name) + "\\fR" + label);
        }
        man.append(".TP\n").append(String.join(", ", names)).append('\n').append(escape(text(option))).append('\n');
    }

    private static String text(ArgSpec arg) {
        return String.join(" ", arg.description()).replace("%n", " ").strip();
    }

    private static void paragraphs(StringBuilder man, String[] paragraphs) {
        for (String paragraph : paragraphs) {
            man.append(".PP\n").append(escape(paragraph.replace("%n", " ").strip())).append('\n');
        }
    }

    /** Roff's special characters: a backslash, a leading dot or quote, and a hyphen (a minus in options). */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }

    private static final String FIXED = """
            .SH FILES
            .TP
            .I /etc/smartbox/smartbox.properties
            The device config of the installed box (mode 0640, group smartbox). Check it with
            \\fBsmartbox config check\\fR after every edit.
            .TP
            .I /var/lib/smartbox/
            The service's state: the SQLite database (cache, key states, audit log, outbox), the box
            secret (mode 0600) and tmp/ for native libraries. Readable by the smartbox user only.
            .TP
            .I /var/cache/smartbox/smartbox.jsa
            The class-data sharing archive made when the package is installed; it only speeds up starts.
            .TP
            .I /usr/share/doc/smartbox/
            The README and the interface documents: simulator protocol, sync format, MQTT topics, config
            reference.
            .SH ENVIRONMENT
            .TP
            .B SMARTBOX_JAVA_OPTS
            JVM options of the launcher (default: the service's, sized for a 512 MB Raspberry Pi).
            .TP
            .B JAVA_HOME
            The Java runtime to use (default: /usr/bin/java).
            .TP
            .B JOURNAL_STREAM
            Set by systemd when stderr goes to the journal: log lines then carry a syslog priority and no
            time stamp of their own.
            .SH EXIT STATUS
            .TP
            .B 0
            Success.
            .TP
            .B 1
            The command failed: a rejected sync document, a failed check, a part or database that cannot
            be used.
            .TP
            .B 2
            Bad usage or a bad config, reported before anything was touched.
            .TP
            .B 3
            \\fBpublish\\fR only: no answer from the box in time.
            .TP
            .B 70
            An internal error (a bug); the log has the details.
            .SH SEE ALSO
            .BR systemctl (1),
            .BR journalctl (1),
            .I /usr/share/doc/smartbox/README.md
            """;
}
