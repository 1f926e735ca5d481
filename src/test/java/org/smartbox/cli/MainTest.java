package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command table: a command line that names a command builds only that one, and help lists them all. */
class MainTest {

    private static String[] run(int expectedStatus, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(expectedStatus, status, err.toString(StandardCharsets.UTF_8));
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void everyCommandIsListedUnderTheNameItsAnnotationGivesIt() {
        for (String name : Main.COMMANDS) {
            assertEquals(name, new CommandLine(Main.command(name)).getCommandName());
        }
    }

    @Test
    void helpListsEveryCommand() {
        String help = run(0, "--help")[0];
        for (String name : Main.COMMANDS) {
            assertTrue(help.contains("  " + name + " ") || help.contains("  " + name + "\n"), name + " in\n" + help);
        }
    }

    @Test
    void aNamedCommandStillHasItsOwnHelpAndOptions() {
        String help = run(0, "import", "--help")[0];
        assertTrue(help.contains("Usage: smartbox import"), help);
        assertTrue(help.contains("--config"), help);
        assertTrue(run(0, "help", "simulate")[0].contains("Usage: smartbox simulate"));
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        String err = run(Main.USAGE, "simulat")[1];
        assertTrue(err.startsWith("smartbox: "), err);
    }

    @Test
    void theCommandLinePointsSqliteAtTheCopyKeptBetweenStarts(@TempDir Path tmp) {
        Properties system = new Properties();
        system.setProperty("java.io.tmpdir", tmp.toString());
        system.setProperty("user.name", System.getProperty("user.name"));
        Main.keepSqliteLibrary(system);
        Path folder = Path.of(system.getProperty(Main.SQLITE_LIB_PATH));
        assertTrue(folder.startsWith(tmp), folder.toString());
        assertTrue(Files.isRegularFile(folder.resolve(system.getProperty(Main.SQLITE_LIB_NAME))));
    }

    @Test
    void aSqliteLibraryTheOperatorNamedStands(@TempDir Path tmp) {
        Properties system = new Properties();
        system.setProperty("java.io.tmpdir", tmp.toString());
        system.setProperty("user.name", System.getProperty("user.name"));
        system.setProperty(Main.SQLITE_LIB_PATH, "/opt/sqlite");
        Main.keepSqliteLibrary(system);
        assertEquals("/opt/sqlite", system.getProperty(Main.SQLITE_LIB_PATH));
        assertNull(system.getProperty(Main.SQLITE_LIB_NAME));
        try (java.util.stream.Stream<Path> made = Files.list(tmp)) {
            assertEquals(0, made.count(), "no copy made");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
