package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.cache.Key;
import org.smartbox.cache.KeyState;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.sync.SyncUser;

/** The SQLite cache and box state, on a real file: what survives restarts, syncs and mistakes. */
class BoxStoreTest {

    @TempDir
    Path dir;

    @Test
    void migrationsRunOnceAndTheSettingsAreThoseOfTheSpec() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            assertEquals(Database.SCHEMA_VERSION, f.db.schemaVersion());
            assertEquals("ok", f.db.integrityCheck());
            assertEquals("wal", pragma(f, "journal_mode"));
            assertEquals("2", pragma(f, "synchronous"), "synchronous=FULL");
            assertEquals("1", pragma(f, "foreign_keys"));
        }
        try (StoreFixture again = new StoreFixture(dir.resolve("box.db"))) {
            assertEquals(Database.SCHEMA_VERSION, again.db.schemaVersion(), "reopening does not migrate twice");
        }
    }

    @Test
    void everythingSurvivesARestartOnTheSameFile() {
        Path file = dir.resolve("box.db");
        try (StoreFixture f = new StoreFixture(file)) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            f.store.keys().keyOut("k-4b", "u-gus", "a-1", StoreFixture.NOW);
            f.store.state().saveLockout(new BoxState.SavedLockout(3, 1, 100, 200, 7, 50));
            f.store.ledger().recordCodeIssued("u-gus", StoreFixture.NOW);
        }
        try (StoreFixture f = new StoreFixture(file)) {
            assertEquals(7, f.store.state().cacheVersion());
            assertEquals(KeyState.outWith("u-gus"), f.store.keys().keyState("k-4b"));
            assertEquals(1, f.store.keys().accessesOf("u-gus").get(0).pickupsUsed());
            assertEquals(Optional.of(new BoxState.SavedLockout(3, 1, 100, 200, 7, 50)), f.store.state().loadLockout());
            assertEquals(1, f.store.ledger().codesIssuedSince("u-gus", StoreFixture.NOW.minusSeconds(60)));
            assertTrue(f.audit.verify().intact());
        }
    }

    @Test
    void accountCodesAreStoredOnlyAsKeyedHashes() throws Exception {
        Path file = dir.resolve("box.db");
        try (StoreFixture f = new StoreFixture(file)) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            assertEquals("u-olivia", f.store.users().userByAccountCode("481516").orElseThrow().id());
            assertTrue(f.store.users().userByAccountCode("481517").isEmpty());
        }
        byte[] bytes = Files.readAllBytes(file);
        assertFalse(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("481516"),
                "the clear account code is nowhere in the database file");
    }

    @Test
    void aDatabaseMadeUnderAnotherSecretIsRefusedNotSilentlyBroken() {
        Path file = dir.resolve("box.db");
        try (StoreFixture f = new StoreFixture(file)) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
        }
        byte[] other = new byte[32];
        other[0] = 1;
        StoreException e = assertThrows(StoreException.class, () -> new StoreFixture(file, other).close());
        assertTrue(e.getMessage().contains("different box secret"), e.getMessage());
    }

    @Test
    void appSecretsAreEncryptedAndReadBackForTheirUserOnly() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            byte[] secret = "12345678901234567890".getBytes();
            SyncUser ada = new SyncUser("u-ada", "Ada", "+15550000006", null, false, SecuritySettings.ALL_ON, secret);
            f.applier.apply(StoreFixture.delta(1, 0, List.of(ada), List.of(), List.of(), List.of(), List.of(),
                    List.of()), StoreFixture.NOW);
            assertArrayEquals(secret, f.store.users().appSecret("u-ada").orElseThrow());
            assertTrue(f.store.users().user("u-ada").orElseThrow().hasAppSecret());
            // A ciphertext copied onto another user's row does not decrypt: no app code works for them.
            f.db.execute("INSERT INTO users (id, app_secret) SELECT 'u-eve', app_secret FROM users WHERE id = 'u-ada'");
            assertTrue(f.store.users().appSecret("u-eve").isEmpty());
        }
    }

    @Test
    void twoUsersWithOneMobileIdentifyNobody() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.delta(1, 0, List.of(StoreFixture.user("u-a", "+15550000001", null),
                    StoreFixture.user("u-b", "+15550000001", null)), List.of(), List.of(), List.of(), List.of(),
                    List.of()), StoreFixture.NOW);
            assertTrue(f.store.users().userByMobile("+15550000001").isEmpty());
        }
    }

    @Test
    void grantsWorkOnceAndAreRememberedPastExpiry() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            assertTrue(f.store.ledger().useGrant("g-1", StoreFixture.NOW.plusSeconds(120), StoreFixture.NOW));
            assertFalse(f.store.ledger().useGrant("g-1", StoreFixture.NOW.plusSeconds(120), StoreFixture.NOW.plusSeconds(600)));
        }
    }

    @Test
    void appCodeStepsOnlyMoveForward() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.store.ledger().useAppStep("u-ada", 100);
            f.store.ledger().useAppStep("u-ada", 99);
            assertEquals(100, f.store.ledger().lastAppStep("u-ada").getAsLong());
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedClearlyAndLeftAlone() throws Exception {
        Path file = dir.resolve("box.db");
        byte[] junk = "this is not sqlite, it is a shopping list".repeat(200).getBytes();
        Files.write(file, junk);
        StoreException e = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not a SQLite database or is corrupt"), e.getMessage());
        assertArrayEquals(junk, Files.readAllBytes(file), "the file is not overwritten");
    }

    @Test
    void aBoxUpgradedFromSchemaOneKeepsItsLockoutAndStartsWithAnEmptyHour() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = old.createStatement()) {
            for (String sql : Migrations.ALL.get(0).statements()) {
                st.execute(sql);
            }
            st.execute("PRAGMA user_version = 1");
            st.execute("INSERT INTO lockout (id, failures, level, quiet_from, locked_until) VALUES (1, 3, 2, 100, 200)");
        }
        try (StoreFixture f = new StoreFixture(file)) {
            assertEquals(Database.SCHEMA_VERSION, f.db.schemaVersion());
            assertEquals(Optional.of(new BoxState.SavedLockout(3, 2, 100, 200, 0, 0)), f.store.state().loadLockout(),
                    "the SPEC §6 counters survive the upgrade; the hour's count starts empty");
            assertEquals("ok", f.db.integrityCheck());
        }
    }

    @Test
    void theBulkCacheIsForOneJobAndTheUsualCacheComesBackEvenWhenTheJobFails() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            String usual = pragma(f, "cache_size");
            assertEquals(String.valueOf(-Database.BULK_CACHE_KIB), f.db.withBulkCache(() -> pragma(f, "cache_size")));
            assertEquals(usual, pragma(f, "cache_size"));
            assertThrows(IllegalStateException.class, () -> f.db.withBulkCache(() -> {
                throw new IllegalStateException("the job failed");
            }));
            assertEquals(usual, pragma(f, "cache_size"));
            assertEquals("ok", f.db.integrityCheck());
            assertEquals(usual, pragma(f, "cache_size"), "the integrity check gives the cache back");
        }
    }

    private static String pragma(StoreFixture f, String name) {
        return f.db.read(() -> {
            try (var rs = f.db.prepare("PRAGMA " + name).executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    static Key key(String id, String owner, int slot) {
        return new Key(id, owner, id, slot);
    }

    @Test
    void accessesReadForAMomentAreExactlyThoseWhoseWindowHoldsIt() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            java.time.Instant from = StoreFixture.NOW.minusSeconds(3600);
            java.time.Instant until = StoreFixture.NOW.plusSeconds(86_400);
            var snapshot = StoreFixture.snapshot(7);
            var accesses = List.of(StoreFixture.access("a-1", "k-4b", "u-gus", 1),
                    new org.smartbox.sync.SyncAccess("a-2", "k-5c", "u-gus", until, until.plusSeconds(60), null),
                    new org.smartbox.sync.SyncAccess("a-3", "k-5c", "u-gus", from.minusSeconds(60), from, 2));
            f.applier.apply(new org.smartbox.sync.SyncDocument.Snapshot("SB-TEST", 7, snapshot.users(),
                    snapshot.keys(), accesses), StoreFixture.NOW);
            for (java.time.Instant edge : List.of(from, until, until.plusSeconds(60))) {
                for (long nanos : new long[] {-1_000_000, -500_000, -1, 0, 1, 500_000, 1_000_000}) {
                    java.time.Instant at = edge.plusNanos(nanos);
                    List<String> expected = f.store.keys().accessesOf("u-gus").stream().filter(a -> a.inWindowAt(at))
                            .map(org.smartbox.cache.Access::id).sorted().toList();
                    List<String> read = f.store.keys().accessesOf("u-gus", at).stream().map(org.smartbox.cache.Access::id)
                            .sorted().toList();
                    assertEquals(expected, read, "at " + at);
                }
            }
            assertEquals(f.store.keys().accessesOf("u-gus").stream().filter(a -> a.id().equals("a-1")).toList(),
                    f.store.keys().accessesOf("u-gus", StoreFixture.NOW), "every field as the full read has it");
        }
    }
}
