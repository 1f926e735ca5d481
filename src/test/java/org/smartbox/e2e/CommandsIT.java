package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell commands as an operator uses them: exit statuses, one-line errors, no stack traces. */
class CommandsIT {

    @TempDir
    Path dir;

    private Path snapshot;
    private Path db;

    @BeforeEach
    void fixture() throws IOException {
        snapshot = SimProcess.stories(dir);
        db = dir.resolve("box.db");
    }

    private JarRun.Result run(String stdin, String... args) throws Exception {
        return JarRun.run(dir, stdin, args);
    }

    @Test
    void versionAndHelpExitZero() throws Exception {
        JarRun.Result version = run("", "--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("smartbox "), version.out());
        JarRun.Result help = run("", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("simulate") && help.out().contains("import") && help.out().contains("audit"));
    }

    @Test
    void unknownOptionExitsTwoWithOneLine() throws Exception {
        JarRun.Result r = run("quit\n", "simulate", "--script", "--bogus-option");
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--bogus-option"), r.err());
        assertEquals("", r.out(), "nothing on stdout for a usage error");
    }

    @Test
    void missingConfigFileExitsTwoNamingIt() throws Exception {
        JarRun.Result r = run("quit\n", "simulate", "--script", "--config", "nowhere.properties");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("nowhere.properties: no such file"), r.err());
        r.noStackTrace();
    }

    @Test
    void misspeltConfigKeyExitsTwoNamingFileAndKey() throws Exception {
        Path config = dir.resolve("box.properties");
        Files.writeString(config, "box.id=SB-DEMO\nbox.slotz=12\nsms.gateways=sim\n");
        JarRun.Result r = run("quit\n", "simulate", "--script", "--config", config.toString(), "--db", db.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(config + ": box.slotz: unknown key"), r.err());
        assertFalse(Files.exists(db), "nothing is created before the config is valid");
    }

    @Test
    void badConfigValueExitsTwoWithTheReason() throws Exception {
        Path config = dir.resolve("box.properties");
        Files.writeString(config, "box.id=SB-DEMO\nbox.slots=none\nsms.gateways=sim\n");
        JarRun.Result r = run("quit\n", "simulate", "--script", "--config", config.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("box.slots: \"none\" is not a whole number"), r.err());
    }

    @Test
    void importPrintsAppliedVersionThenRefusesTheSameVersion() throws Exception {
        JarRun.Result first = run("", "import", snapshot.toString(), "--db", db.toString());
        assertEquals(0, first.status(), first.err());
        assertEquals("applied version 7", first.out().strip());
        JarRun.Result again = run("", "import", snapshot.toString(), "--db", db.toString());
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
        JarRun.Result r = run("", "import", bad.toString(), "--db", db.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("users[2].mobile"), r.err());
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, Files.readString(snapshot).substring(0, 200));
        JarRun.Result t = run("", "import", truncated.toString(), "--db", db.toString());
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
        JarRun.Result r = run("quit\n", "simulate", "--script", "--import", bad.toString(), "--db", db.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("schema"), r.err());
        r.noStackTrace();
    }

    @Test
    void auditPrintsTheLogAndVerifiesItsChain() throws Exception {
        run("key 5550000005#\ntake 6\nquit\n", "simulate", "--script", "--db", db.toString(), "--import",
                snapshot.toString(), "--now", "2026-11-28T12:00:00Z");
        JarRun.Result log = run("", "audit", "--db", db.toString());
        assertEquals(0, log.status(), log.err());
        assertTrue(log.out().contains(" PICKUP user=u-gina key=k-6d slot=6 factor=NONE"), log.out());
        JarRun.Result verify = run("", "audit", "--verify", "--db", db.toString());
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
        JarRun.Result verify = run("", "audit", "--verify", "--db", db.toString());
        assertEquals(1, verify.status());
        assertTrue(verify.out().contains("audit chain broken at entry "), verify.out());
    }

    @Test
    void auditOfMissingDatabaseFailsWithoutCreatingIt() throws Exception {
        JarRun.Result r = run("", "audit", "--db", dir.resolve("typo.db").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no such database file"), r.err());
        assertFalse(Files.exists(dir.resolve("typo.db")));
    }
}
