package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell commands as an operator uses them: exit statuses, one-line errors, no stack traces. */
class CommandsIT {

    @TempDir
    Path dir;

    private Path snapshot;
    private Path db;

    record Result(int status, String out, String err) {
        void noStackTrace() {
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "stack trace on stderr: " + err);
        }
    }

    @BeforeEach
    void fixture() throws IOException {
        snapshot = SimProcess.stories(dir);
        db = dir.resolve("box.db");
    }

    private Result run(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", SimProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command did not finish: " + command);
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void versionAndHelpExitZero() throws Exception {
        Result version = run("", "--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("smartbox "), version.out());
        Result help = run("", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("simulate") && help.out().contains("import") && help.out().contains("audit"));
    }

    @Test
    void unknownOptionExitsTwoWithOneLine() throws Exception {
        Result r = run("quit\n", "simulate", "--script", "--bogus-option");
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--bogus-option"), r.err());
        assertEquals("", r.out(), "nothing on stdout for a usage error");
    }

    @Test
    void missingConfigFileExitsTwoNamingIt() throws Exception {
        Result r = run("quit\n", "simulate", "--script", "--config", "nowhere.properties");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("nowhere.properties: no such file"), r.err());
        r.noStackTrace();
    }

    @Test
    void misspeltConfigKeyExitsTwoNamingFileAndKey() throws Exception {
        Path config = dir.resolve("box.properties");
        Files.writeString(config, "box.id=SB-DEMO\nbox.slotz=12\nsms.gateways=sim\n");
        Result r = run("quit\n", "simulate", "--script", "--config", config.toString(), "--db", db.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(config + ": box.slotz: unknown key"), r.err());
        assertFalse(Files.exists(db), "nothing is created before the config is valid");
    }

    @Test
    void badConfigValueExitsTwoWithTheReason() throws Exception {
        Path config = dir.resolve("box.properties");
        Files.writeString(config, "box.id=SB-DEMO\nbox.slots=none\nsms.gateways=sim\n");
        Result r = run("quit\n", "simulate", "--script", "--config", config.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("box.slots: \"none\" is not a whole number"), r.err());
    }

    @Test
    void importPrintsAppliedVersionThenRefusesTheSameVersion() throws Exception {
        Result first = run("", "import", snapshot.toString(), "--db", db.toString());
        assertEquals(0, first.status(), first.err());
        assertEquals("applied version 7", first.out().strip());
        Result again = run("", "import", snapshot.toString(), "--db", db.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains("version"), again.err());
        again.noStackTrace();
    }

    @Test
    void importOfBrokenDocumentsNamesTheProblemAndKeepsTheCache() throws Exception {
        assertEquals(0, run("", "import", snapshot.toString(), "--db", db.toString()).status());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(snapshot).replace("\"version\": 7", "\"version\": 8")
                .replace("+15550000002", "555-0002"));
        Result r = run("", "import", bad.toString(), "--db", db.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("users[2].mobile"), r.err());
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, Files.readString(snapshot).substring(0, 200));
        Result t = run("", "import", truncated.toString(), "--db", db.toString());
        assertEquals(1, t.status());
        t.noStackTrace();
        try (SimProcess sim = SimProcess.start(dir, "--db", db.toString(), "--now", "2026-11-28T12:00:00Z")) {
            assertEquals("READY box=SB-DEMO slots=12 version=7", sim.ready(), "the cache kept version 7");
        }
    }

    @Test
    void badImportAtSimulatorStartExitsTwo() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"schema\": 2}");
        Result r = run("quit\n", "simulate", "--script", "--import", bad.toString(), "--db", db.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("schema"), r.err());
        r.noStackTrace();
    }

    @Test
    void auditPrintsTheLogAndVerifiesItsChain() throws Exception {
        run("key 5550000005#\ntake 6\nquit\n", "simulate", "--script", "--db", db.toString(), "--import",
                snapshot.toString(), "--now", "2026-11-28T12:00:00Z");
        Result log = run("", "audit", "--db", db.toString());
        assertEquals(0, log.status(), log.err());
        assertTrue(log.out().contains(" PICKUP user=u-gina key=k-6d slot=6 factor=NONE"), log.out());
        Result verify = run("", "audit", "--verify", "--db", db.toString());
        assertEquals(0, verify.status());
        assertTrue(verify.out().startsWith("audit chain intact: "), verify.out());
    }

    @Test
    void auditVerifyFindsATamperedEntry() throws Exception {
        run("key 5550000005#\ntake 6\nquit\n", "simulate", "--script", "--db", db.toString(), "--import",
                snapshot.toString(), "--now", "2026-11-28T12:00:00Z");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement()) {
            // An attacker with the file drops the guard and rewrites who took the key.
            st.execute("DROP TRIGGER audit_no_update");
            st.execute("UPDATE audit SET fields = replace(fields, 'u-gina', 'u-nina') WHERE type = 'PICKUP'");
        }
        Result verify = run("", "audit", "--verify", "--db", db.toString());
        assertEquals(1, verify.status());
        assertTrue(verify.out().contains("audit chain broken at entry "), verify.out());
    }

    @Test
    void auditOfMissingDatabaseFailsWithoutCreatingIt() throws Exception {
        Result r = run("", "audit", "--db", dir.resolve("typo.db").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no such database file"), r.err());
        assertFalse(Files.exists(dir.resolve("typo.db")));
    }
}
