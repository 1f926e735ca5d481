package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.DeviceConfig;
import org.smartbox.diag.CheckResult;
import org.smartbox.diag.DataChecks;
import org.smartbox.sim.SimBoxes;
import org.smartbox.sim.SimulatorException;

/**
 * SPEC §11, a corrupt database: bytes flipped in a copy of a real one (in the header, in the pages
 * between). Whatever SQLite's {@code integrity_check} finds wrong, the box releases nothing and says
 * why: it refuses to start with a message naming the file, or it shows "out of service", and
 * {@code smartbox diag}'s database check fails.
 */
class CorruptDatabaseTest {

    private static final DeviceConfig CONFIG = SimBoxes.config("");

    @TempDir
    Path dir;

    private Path good;
    private Path secret;

    /** A database that has seen some life: pickups, returns, a sync, failures, a restart. */
    @BeforeEach
    void realDatabase() throws Exception {
        good = dir.resolve("good.db");
        SafetyOracle oracle = new SafetyOracle(good, CONFIG.box().latchMaxReleased());
        ProofBox box = ProofBox.start(good, CONFIG, SimBoxes.NOW, oracle::line);
        oracle.attach(box);
        Visitor visitor = new Visitor(oracle);
        Random r = new Random(7);
        for (int i = 0; i < 150; i++) {
            visitor.visit(box.box(), r.nextInt(1000), List.of(4, 0, 6, 7, 2, 10));
        }
        box.close();
        oracle.close();
        // Fold the WAL into the file, so every page lives in box.db.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + good)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        secret = dir.resolve("good.secret");
    }

    private Path copyAs(String name) throws Exception {
        Path copy = dir.resolve(name + ".db");
        Files.copy(good, copy);
        Files.copy(secret, dir.resolve(name + ".secret"));
        return copy;
    }

    /** What SQLite itself says of the file, on a plain connection. */
    private static String integrity(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        } catch (SQLException e) {
            return "error: " + e.getMessage();
        }
    }

    private static void flip(Path file, long offset, int count, Random r) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 0; i < count; i++) {
                long at = Math.min(f.length() - 1, offset + i);
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ (1 + r.nextInt(255)));
            }
        }
    }

    /** The database check of {@code smartbox diag} on the file. */
    private static CheckResult diagnosis(Path db) {
        return DataChecks.database(db, org.smartbox.store.AuditFiles.secretBeside(db), org.smartbox.store.Database.SCHEMA_VERSION, Instant.now()).stream()
                .filter(c -> c.name().equals("database")).findFirst().orElseThrow();
    }

    @Test
    void aBoxRefusesToStartOnADatabaseWhoseHeaderIsDamagedAndSaysWhy() throws Exception {
        Path copy = copyAs("header");
        flip(copy, 0, 16, new Random(1));
        List<String> lines = new ArrayList<>();
        SimulatorException refused = org.junit.jupiter.api.Assertions.assertThrows(SimulatorException.class,
                () -> ProofBox.start(copy, CONFIG, SimBoxes.NOW, lines::add));
        assertTrue(refused.getMessage().startsWith(copy + ": ")
                && refused.getMessage().endsWith("the file is not a SQLite database or is corrupt"), refused.getMessage());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("UNLOCK")), lines.toString());
        CheckResult diag = diagnosis(copy);
        assertEquals(CheckResult.Status.FAIL, diag.status(), diag.toString());
        assertTrue(diag.value().contains("not a SQLite database or is corrupt"), diag.value());
    }

    @Test
    void aBoxNeverServesFromADatabaseWithDamagedPagesAndSaysWhy() throws Exception {
        long seed = Nightly.seed();
        Random r = new Random(seed);
        int tries = Nightly.pick(40, 400);
        long pages = Files.size(good) / 4096;
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < tries; i++) {
            Path copy = copyAs("pages" + i);
            long page = 1 + r.nextInt((int) pages - 1);
            // Half in the b-tree page headers, half anywhere in the page.
            flip(copy, page * 4096 + (r.nextBoolean() ? r.nextInt(12) : r.nextInt(4096)), 1 + r.nextInt(8), r);
            String integrity = integrity(copy);
            String context = "seed " + seed + ", copy " + i + " (page " + page + "): " + integrity;
            List<String> lines = new ArrayList<>();
            SafetyOracle oracle = new SafetyOracle(copy, CONFIG.box().latchMaxReleased());
            if (!integrity.equals("ok")) {
                SimulatorException refused = org.junit.jupiter.api.Assertions.assertThrows(SimulatorException.class,
                        () -> ProofBox.start(copy, CONFIG, SimBoxes.NOW.plusSeconds(86_400), lines::add), context);
                assertTrue(refused.getMessage().startsWith(copy.toString()) && refused.getMessage().contains("corrupt"),
                        context + ": " + refused.getMessage());
                assertTrue(lines.stream().noneMatch(l -> l.startsWith("UNLOCK")), context + ": " + lines);
                assertEquals(CheckResult.Status.FAIL, diagnosis(copy).status(), context);
                outcomes.merge("damage found by integrity_check: box refused to start", 1, Integer::sum);
                continue;
            }
            // SQLite keeps no checksums: a flipped byte inside a value is just another value. Whatever the
            // box does with it, what it opens must still be allowed by what the file now says.
            ProofBox box;
            try {
                box = ProofBox.start(copy, CONFIG, SimBoxes.NOW.plusSeconds(86_400), line -> {
                    lines.add(line);
                    oracle.line(line);
                });
            } catch (SimulatorException refused) {
                // The flip hit the keyed check of the box secret: the box cannot tell damage from another
                // box's file and refuses to start (fail closed), naming the file and what to do.
                assertTrue(refused.getMessage().startsWith(copy.toString())
                        && refused.getMessage().contains("different box secret"), context + ": " + refused.getMessage());
                assertTrue(lines.stream().noneMatch(l -> l.startsWith("UNLOCK")), context + ": " + lines);
                oracle.close();
                outcomes.merge("the secret's check value changed: box refused to start", 1, Integer::sum);
                continue;
            }
            oracle.attach(box);
            try {
                new Visitor(oracle).visit(box.box(), i, List.of(4, 6, 0));
            } finally {
                box.close();
                oracle.close();
            }
            assertTrue(oracle.failures().isEmpty(), context + ": " + oracle.failures());
            outcomes.merge("a value changed, file sound: box served by the rules", 1, Integer::sum);
        }
        outcomes.forEach((k, v) -> System.out.printf("corrupt pages: %4d %s%n", v, k));
    }

    /**
     * SQLite keeps whatever a damaged record says in an INTEGER column, text included, and
     * integrity_check passes. A 2FA setting that is not a clean 0 must count as ON (SPEC §4 rule 3).
     */
    @Test
    void aTwoFactorSettingDamagedIntoSomethingElseCountsAsOn() throws Exception {
        Path copy = copyAs("settings");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement()) {
            // Olivia keeps her own pickups free of codes (keyPickups2fa false); her guests need one.
            st.execute("UPDATE users SET key_pickups2fa = 'x', guest_pickups2fa = X'00' WHERE id = 'u-olivia'");
        }
        assertEquals("ok", integrity(copy));
        List<String> lines = new ArrayList<>();
        ProofBox box = ProofBox.start(copy, CONFIG, SimBoxes.NOW.plusSeconds(86_400), lines::add);
        try {
            box.box().press("481516#");
            assertTrue(lines.contains("AUDIT CODE_SENT user=u-olivia to=***0001"), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("UNLOCK")), lines.toString());
        } finally {
            box.close();
        }
    }

    @Test
    void aDatabaseDamagedUnderARunningBoxTakesItOutOfServiceWithEveryLatchHeldWhileTheDamageLasts()
            throws Exception {
        Path copy = copyAs("running");
        List<String> lines = new ArrayList<>();
        ProofBox box = ProofBox.start(copy, CONFIG, SimBoxes.NOW.plusSeconds(86_400), lines::add);
        try {
            box.box().press("246800#1#");
            assertTrue(lines.contains("UNLOCK 6"), lines.toString());
            box.box().take(6);
            int usersPage;
            byte[] saved = new byte[16];
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + copy);
                 Statement st = other.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = 'users'")) {
                    usersPage = rs.getInt(1);
                }
                // The card gives back garbage where the users' b-tree page starts.
                try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
                    f.seek((usersPage - 1) * 4096L);
                    f.readFully(saved);
                    f.seek((usersPage - 1) * 4096L);
                    f.write(new byte[] {(byte) 0x42, 0x13, 0x37, 0x42, 0x13, 0x37, 0x42, 0x13});
                }
                // Another writer touches the file, so the box reads its pages from disk again.
                st.execute("UPDATE meta SET value = value WHERE name = 'cache_version'");
            }
            int mark = box.mark();
            box.box().press("246800#");
            box.box().press("1#");
            box.box().advance(40_000);
            List<String> after = box.since(mark);
            assertTrue(after.stream().anyMatch(l -> l.startsWith("DISPLAY") && l.contains("OUT OF SERVICE")), after.toString());
            assertTrue(after.stream().noneMatch(l -> l.startsWith("UNLOCK")), after.toString());
            assertTrue(box.box().kiosk().loop().faults().faulty());
            assertTrue(box.box().kiosk().loop().faults().reason().contains("corrupt"), box.box().kiosk().loop().faults().reason());
            assertEquals(CheckResult.Status.FAIL, diagnosis(copy).status());
            // Retried every 15 s: while integrity_check fails, it stays out of service.
            box.box().advance(120_000);
            box.box().press("808080#");
            assertTrue(box.box().kiosk().loop().faults().faulty());
            assertTrue(box.since(mark).stream().noneMatch(l -> l.startsWith("UNLOCK")));
        } finally {
            box.close();
        }
    }
}
