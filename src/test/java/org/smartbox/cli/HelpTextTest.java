package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} as a person reads it at an 80-column terminal: each command's summary a whole
 * sentence, no address broken over two lines, an example for every command, and a version line that
 * names the commit and the build date.
 */
class HelpTextTest {

    private static String out(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every command line of the program: "smartbox", "smartbox run", "smartbox keys generate", ... */
    private static List<List<String>> commandLines() {
        List<List<String>> lines = new ArrayList<>();
        collect(Main.full(), new ArrayList<>(), lines);
        return lines;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(path);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(sub.getCommandName());
                collect(sub, next, into);
            }
        }
    }

    private static String help(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        return out(args.toArray(String[]::new));
    }

    @Test
    void everyCommandSummaryInTheListIsAWholeSentence() {
        for (List<String> path : commandLines()) {
            String help = help(path);
            int commands = help.indexOf("\nCommands:\n");
            if (commands < 0) {
                continue;
            }
            String list = help.substring(commands + "\nCommands:\n".length());
            int end = list.indexOf("\n\n");
            list = end < 0 ? list : list.substring(0, end);
            // "  name  Summary ..." and its continuation lines, up to the next command.
            Matcher entry = Pattern.compile("(?m)^  (\\S+)\\s+(\\S.*(?:\\n {6,}\\S.*)*)").matcher(list);
            while (entry.find()) {
                String summary = entry.group(2).replaceAll("\\s+", " ").strip();
                assertTrue(summary.endsWith("."), "smartbox " + String.join(" ", path) + " --help lists "
                        + entry.group(1) + " as \"" + summary + "\": cut short");
            }
        }
    }

    @Test
    void noAddressIsBrokenOverTwoLines() {
        Pattern address = Pattern.compile("(ssl|tcp)://\\S+");
        for (List<String> path : commandLines()) {
            String help = help(path);
            Matcher m = address.matcher(help);
            while (m.find()) {
                String url = m.group().replaceAll("[.,;)]+$", "");
                assertTrue(url.matches("(ssl|tcp)://[A-Za-z0-9.-]+:[0-9]+"), "smartbox " + String.join(" ", path)
                        + " --help breaks an address: " + url + "\n" + help);
            }
        }
    }

    @Test
    void everyCommandShowsAnExample() {
        for (List<String> path : commandLines()) {
            String help = help(path);
            assertTrue(help.contains("\nExample:\n") || help.contains("\nExamples:\n"), "smartbox "
                    + String.join(" ", path) + " --help has no example:\n" + help);
            assertTrue(help.contains("\n  smartbox ") || help.contains("\n  sudo -u smartbox smartbox "),
                    "the example is a command line:\n" + help);
        }
    }

    @Test
    void noHelpLineIsWiderThanTheTerminal() {
        for (List<String> path : commandLines()) {
            for (String line : help(path).split("\n")) {
                assertTrue(line.length() <= 100, "too wide (" + line.length() + "): " + line);
            }
        }
    }

    @Test
    void theVersionNamesTheCommitAndTheBuildDate() {
        String version = out("--version");
        assertTrue(Pattern.compile("^smartbox \\S+ \\(commit \\S+, built \\S+\\)\nJava ").matcher(version).find(), version);
        // Built by Maven, the test classes see the filtered build.properties: a real date, not a placeholder.
        assertTrue(Pattern.compile("built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ").matcher(version).find(), version);
        assertTrue(!version.contains("${"), version);
    }
}
