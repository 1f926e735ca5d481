package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditType;
import org.smartbox.cache.Key;
import org.smartbox.cache.KeyState;

/** Applying sync documents: the cloud's records replaced, the box's own knowledge kept. */
class SyncApplierTest {

    @TempDir
    Path dir;

    @Test
    void snapshotThatKeepsAnOutKeyKeepsItOutAndHeldBySamePerson() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            f.store.keys().keyOut("k-4b", "u-gus", "a-1", StoreFixture.NOW);
            f.applier.apply(StoreFixture.snapshot(8), StoreFixture.NOW);
            assertEquals(KeyState.outWith("u-gus"), f.store.keys().keyState("k-4b"));
            assertEquals(1, f.store.keys().accessesOf("u-gus").get(0).pickupsUsed(), "pickups used survive a snapshot");
            assertEquals(8, f.store.state().cacheVersion());
        }
    }

    @Test
    void snapshotDroppingAnOutKeyIsAppliedAndAudited() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            f.store.keys().keyOut("k-5c", "u-olivia", null, StoreFixture.NOW);
            var smaller = new org.smartbox.sync.SyncDocument.Snapshot("SB-TEST", 8,
                    StoreFixture.snapshot(8).users(), List.of(new Key("k-4b", "u-olivia", "Unit 4B", 3)),
                    StoreFixture.snapshot(8).accesses());
            f.applier.apply(smaller, StoreFixture.NOW);
            assertTrue(f.store.keys().key("k-5c").isEmpty());
            assertTrue(f.audit.list(0, 100).stream().anyMatch(r -> r.event().type() == AuditType.KEY_DROPPED
                    && "k-5c".equals(r.event().field("key")) && "u-olivia".equals(r.event().field("holder"))));
        }
    }

    @Test
    void deltaMaySwapTwoKeysBetweenSlots() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            f.applier.apply(StoreFixture.delta(8, 7, List.of(), List.of(new Key("k-4b", "u-olivia", "Unit 4B", 5),
                    new Key("k-5c", "u-olivia", "Unit 5C", 3)), List.of(), List.of(), List.of(), List.of()),
                    StoreFixture.NOW);
            assertEquals("k-5c", f.store.keys().keyInSlot(3).orElseThrow().id());
            assertEquals("k-4b", f.store.keys().keyInSlot(5).orElseThrow().id());
        }
    }

    @Test
    void deltaMayMoveAnAccountCodeFromOneUserToAnother() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            f.applier.apply(StoreFixture.delta(8, 7, List.of(StoreFixture.user("u-gus", "+15550000002", "481516"),
                    StoreFixture.user("u-olivia", "+15550000001", "999999")), List.of(), List.of(), List.of(),
                    List.of(), List.of()), StoreFixture.NOW);
            assertEquals("u-gus", f.store.users().userByAccountCode("481516").orElseThrow().id());
            assertEquals("u-olivia", f.store.users().userByAccountCode("999999").orElseThrow().id());
        }
    }

    @Test
    void upsertOfAnAccessKeepsItsPickupCount() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            f.store.keys().keyOut("k-4b", "u-gus", "a-1", StoreFixture.NOW);
            f.applier.apply(StoreFixture.delta(8, 7, List.of(), List.of(),
                    List.of(StoreFixture.access("a-1", "k-4b", "u-gus", 2)), List.of(), List.of(), List.of()),
                    StoreFixture.NOW);
            assertEquals(1, f.store.keys().accessesOf("u-gus").get(0).pickupsUsed());
            assertEquals(2, f.store.keys().accessesOf("u-gus").get(0).maxPickups());
        }
    }

    @Test
    void deletingAUserDeletesTheirAccessesAndDeletingAKeyDeletesItsAccesses() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            f.applier.apply(StoreFixture.delta(8, 7, List.of(), List.of(), List.of(), List.of("u-gus"), List.of(),
                    List.of()), StoreFixture.NOW);
            assertTrue(f.store.users().user("u-gus").isEmpty());
            assertEquals(0, f.store.state().counts().accesses());
            f.applier.apply(StoreFixture.delta(9, 8, List.of(StoreFixture.user("u-gus", "+15550000002", null)),
                    List.of(), List.of(StoreFixture.access("a-2", "k-5c", "u-gus", null)), List.of(), List.of(),
                    List.of()), StoreFixture.NOW);
            f.applier.apply(StoreFixture.delta(10, 9, List.of(), List.of(), List.of(), List.of(), List.of("k-5c"),
                    List.of()), StoreFixture.NOW);
            assertTrue(f.store.keys().accessesOf("u-gus").isEmpty());
        }
    }

    @Test
    void aFailingApplyLeavesEveryTableAsItWas() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            long auditBefore = f.audit.size();
            // A key owned by a user that does not exist: the validator would refuse it; here the
            // database refuses it mid-transaction, and nothing of the document may remain.
            var broken = StoreFixture.delta(8, 7, List.of(StoreFixture.user("u-new", "+15550000007", null)),
                    List.of(new Key("k-x", "u-nobody", "X", 9)), List.of(), List.of(), List.of(), List.of());
            assertRefusedAt("upsert.keys[0].ownerId", f.applier.apply(broken, StoreFixture.NOW));
            assertTrue(f.store.users().user("u-new").isEmpty());
            assertEquals(7, f.store.state().cacheVersion());
            assertEquals(auditBefore, f.audit.size());
        }
    }

    @Test
    void deltaMayGiveTheAccountCodeOfAUserItDeletesToAnother() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            // Issue 14.1: Gus gets Olivia's code while Olivia (after her keys) is deleted.
            var written = f.applier.apply(StoreFixture.delta(8, 7, List.of(StoreFixture.user("u-gus", "+15550000002",
                    "481516")), List.of(), List.of(), List.of("u-olivia"), List.of("k-4b", "k-5c"), List.of()),
                    StoreFixture.NOW);
            assertEquals(new SyncApplier.Written.Applied(8), written);
            assertEquals("u-gus", f.store.users().userByAccountCode("481516").orElseThrow().id());
            assertTrue(f.store.users().user("u-olivia").isEmpty());
        }
    }

    @Test
    void deltaMaySwapCodesAndMobilesAndReOwnTheKeysOfAUserItDeletes() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            var written = f.applier.apply(StoreFixture.delta(8, 7,
                    List.of(StoreFixture.user("u-gus", "+15550000001", "481516"),
                            StoreFixture.user("u-new", "+15550000002", null)),
                    List.of(new Key("k-4b", "u-gus", "Unit 4B", 3), new Key("k-5c", "u-new", "Unit 5C", 5)),
                    List.of(), List.of("u-olivia"), List.of(), List.of()), StoreFixture.NOW);
            assertEquals(new SyncApplier.Written.Applied(8), written);
            assertEquals("u-gus", f.store.users().userByAccountCode("481516").orElseThrow().id());
            assertEquals("u-gus", f.store.users().userByMobile("+15550000001").orElseThrow().id());
            assertEquals("u-new", f.store.users().userByMobile("+15550000002").orElseThrow().id());
            assertEquals("u-new", f.store.keys().key("k-5c").orElseThrow().ownerId());
        }
    }

    @Test
    void aBrokenRuleTheValidatorMissedIsRefusedWithThePathOfTheRecordNeverADatabaseMessage() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            // More users than one batch, the clash deep in the second: the path still names the record.
            List<org.smartbox.sync.SyncUser> users = new java.util.ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                users.add(StoreFixture.user("u-" + i, null, i == 1200 || i == 3 ? "77770000" : null));
            }
            var written = f.applier.apply(StoreFixture.delta(8, 7, users, List.of(), List.of(), List.of(), List.of(),
                    List.of()), StoreFixture.NOW);
            SyncApplier.Written.Refused refused = assertRefusedAt("upsert.users[1200].accountCode", written);
            assertFalse(refused.rejection().message().contains("SQLITE"), refused.rejection().message());
            assertFalse(refused.rejection().message().contains("77770000"), "never the code itself");
            assertEquals(7, f.store.state().cacheVersion());
            assertTrue(f.store.users().user("u-3").isEmpty(), "nothing of the refused document stays");
        }
    }

    @Test
    void aDeltaCheckedAgainstAnOlderCacheIsRefusedNotWrittenOverTheNewerOne() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"));
             StoreFixture other = new StoreFixture(dir.resolve("box.db"))) {
            f.applier.apply(StoreFixture.snapshot(7), StoreFixture.NOW);
            // Both were validated against version 7; another process (an import beside the kiosk)
            // commits its delta first.
            var mine = StoreFixture.delta(8, 7, List.of(StoreFixture.user("u-new", null, null)), List.of(), List.of(),
                    List.of(), List.of(), List.of());
            var theirs = StoreFixture.delta(8, 7, List.of(), List.of(), List.of(), List.of("u-gus"), List.of(),
                    List.of());
            assertEquals(new SyncApplier.Written.Applied(8), other.applier.apply(theirs, StoreFixture.NOW));
            assertRefusedAt("version", f.applier.apply(mine, StoreFixture.NOW));
            var nine = StoreFixture.delta(9, 7, List.of(StoreFixture.user("u-new", null, null)), List.of(), List.of(),
                    List.of(), List.of(), List.of());
            assertRefusedAt("baseVersion", f.applier.apply(nine, StoreFixture.NOW));
            assertTrue(f.store.users().user("u-new").isEmpty());
            assertEquals(8, f.store.state().cacheVersion());
        }
    }

    private static SyncApplier.Written.Refused assertRefusedAt(String path, SyncApplier.Written written) {
        assertTrue(written instanceof SyncApplier.Written.Refused, "refused, not " + written);
        SyncApplier.Written.Refused refused = (SyncApplier.Written.Refused) written;
        assertEquals(path, refused.rejection().path(), refused.rejection().message());
        return refused;
    }

    @Test
    void aLargeDocumentIsWrittenWithABiggerPageCacheThatIsGivenBackAfterwards() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            String before = cacheSize(f);
            List<org.smartbox.sync.SyncAccess> many = new java.util.ArrayList<>();
            for (int i = 0; i < SyncApplier.BULK_RECORDS; i++) {
                many.add(StoreFixture.access("a-" + i, "k-4b", "u-gus", 1));
            }
            var large = new org.smartbox.sync.SyncDocument.Snapshot("SB-TEST", 7, StoreFixture.snapshot(7).users(),
                    StoreFixture.snapshot(7).keys(), many);
            f.applier.apply(large, StoreFixture.NOW);
            assertEquals(SyncApplier.BULK_RECORDS, f.store.keys().accessesOf("u-gus").size());
            assertEquals(before, cacheSize(f), "the page cache is back to its size");

            var broken = StoreFixture.delta(8, 7, List.of(), List.of(new Key("k-x", "u-nobody", "X", 9)), many,
                    List.of(), List.of(), List.of());
            assertRefusedAt("upsert.keys[0].ownerId", f.applier.apply(broken, StoreFixture.NOW));
            assertEquals(before, cacheSize(f), "also after a failed document");
            assertEquals(7, f.store.state().cacheVersion());
        }
    }

    private static String cacheSize(StoreFixture f) {
        return f.db.read(() -> {
            try (var rs = f.db.prepare("PRAGMA cache_size").executeQuery()) {
                return rs.next() ? rs.getString(1) : "?";
            }
        });
    }
}
