package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as a technician and as systemd run it: {@code config check} (nothing touched, nothing
 * made, a misspelt key named with the key it meant) and the log lines journald reads.
 */
class LoggingAndConfigCheckIT {

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result smartbox(Map<String, String> env, Path stderr, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", SimProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("JOURNAL_STREAM");
        builder.environment().putAll(env);
        if (stderr != null) {
            builder.redirectError(stderr.toFile());
        }
        Process p = builder.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = stderr != null ? Files.readString(stderr)
                : new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), out, err);
    }

    private List<String> filesIn(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void configCheckPassesTheShippedConfigsAndTouchesNothing() throws Exception {
        for (String name : List.of("smartbox.properties", "bench.properties", "simulator.properties")) {
            Path config = SimProcess.projectDir().resolve("device-config/" + name);
            Result r = smartbox(Map.of(), null, "", "config", "check", config.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().startsWith(config + ": ok\n"), r.out());
            assertEquals("", r.err());
        }
        assertEquals(List.of(), filesIn(dir), "no database, secret, lock or log file made");
    }

    @Test
    void configCheckNamesAMisspeltKeyWithTheOneItMeantAndExits2() throws Exception {
        String production = Files.readString(SimProcess.projectDir().resolve("device-config/smartbox.properties"));
        Path config = dir.resolve("box.properties");
        Files.writeString(config, production.replace("keypad.scanMillis=15", "keypad.scanMilis=15"));
        Result r = smartbox(Map.of(), null, "", "config", "check", config.toString());
        assertEquals(2, r.status());
        assertEquals("smartbox: " + config + ": keypad.scanMilis: unknown key; did you mean keypad.scanMillis?\n",
                r.err());
        assertEquals("", r.out());
        assertEquals(List.of("box.properties"), filesIn(dir), "nothing made beside the file checked");
    }

    @Test
    void underSystemdEachLogLineCarriesItsPriorityAndNoTimeStamp() throws Exception {
        Path demo = SimProcess.projectDir().resolve("device-config/demo-data.json");
        Path db = dir.resolve("box.db");
        Result first = smartbox(Map.of(), null, "quit\n", "simulate", "--script", "--db", db.toString(), "--import",
                demo.toString(), "--now", "2026-11-28T12:00:00Z");
        assertEquals(0, first.status(), first.err());

        // journald hands the service a stream and names it in JOURNAL_STREAM as device:inode.
        Path journal = Files.createFile(dir.resolve("journal-stream"));
        String stream = Files.getAttribute(journal, "unix:dev") + ":" + Files.getAttribute(journal, "unix:ino");
        Result again = smartbox(Map.of("JOURNAL_STREAM", stream), journal, "quit\n", "simulate", "--script", "--db",
                db.toString(), "--import", demo.toString(), "--now", "2026-11-28T12:00:00Z");
        assertEquals(0, again.status(), again.err());
        List<String> lines = again.err().lines().toList();
        assertTrue(!lines.isEmpty());
        Pattern journalLine = Pattern.compile("<[3467]>(ERROR|WARN|INFO|DEBUG) \\S+ - .+");
        for (String line : lines) {
            assertTrue(journalLine.matcher(line).matches(), "a journal line: " + line);
            assertTrue(!Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:").matcher(line).lookingAt()
                    && !line.contains("+0000 "), "the journal stamps lines itself: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("<4>WARN Simulator - ") && l.contains("already at version 7")),
                "the warning is filtered by journalctl -p warning: " + lines);
    }

    @Test
    void onATerminalTheLinesStayAsTheyWere() throws Exception {
        Result r = smartbox(Map.of("JOURNAL_STREAM", "1:1"), null, "quit\n", "simulate", "--script", "--db",
                dir.resolve("box.db").toString(), "--now", "2026-11-28T12:00:00Z");
        assertEquals(0, r.status(), r.err());
        // JOURNAL_STREAM names another stream (a child whose stderr was redirected): the usual lines.
        assertTrue(r.err().lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\[(INFO|WARN|ERROR)\\] \\S+ - .*")),
                r.err());
    }

    @Test
    void logLevelFromTheCommandLineAndFromTheConfig() throws Exception {
        Result quiet = smartbox(Map.of(), null, "quit\n", "--log-level", "warn", "simulate", "--script", "--db",
                dir.resolve("a.db").toString(), "--now", "2026-11-28T12:00:00Z");
        assertEquals(0, quiet.status(), quiet.err());
        assertEquals("", quiet.err(), "nothing below warn");
        Result subcommand = smartbox(Map.of(), null, "quit\n", "simulate", "--log-level", "error", "--script", "--db",
                dir.resolve("b.db").toString(), "--now", "2026-11-28T12:00:00Z");
        assertEquals("", subcommand.err(), "the option after the command too");

        Path config = dir.resolve("sim.properties");
        Files.writeString(config, Files.readString(SimProcess.projectDir().resolve("device-config/simulator.properties"))
                + "\nlog.level=error\n");
        Result silent = smartbox(Map.of(), null, "quit\n", "simulate", "--script", "--config", config.toString(),
                "--db", dir.resolve("c.db").toString(), "--now", "2026-11-28T12:00:00Z");
        assertEquals("", silent.err(), "the config's log.level");
        Result overruled = smartbox(Map.of(), null, "quit\n", "simulate", "--log-level", "info", "--script", "--config",
                config.toString(), "--db", dir.resolve("d.db").toString(), "--now", "2026-11-28T12:00:00Z");
        assertTrue(overruled.err().contains("[INFO] Database - "), "--log-level wins over log.level: " + overruled.err());

        Result bad = smartbox(Map.of(), null, "", "--log-level", "loud", "config", "check");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("\"loud\" is not one of error, warn, info, debug, trace"), bad.err());
    }
}
