package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.sync.Docs.assertNotEchoed;
import static org.smartbox.sync.Docs.delta;
import static org.smartbox.sync.Docs.list;
import static org.smartbox.sync.Docs.read;
import static org.smartbox.sync.Docs.rejectedAt;
import static org.smartbox.sync.Docs.validDelta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.cache.Key;

class DeltaRulesTest {

    /** After the example snapshot: olivia owns k-4b in slot 3, gus has access a-1, version 7. */
    private final MemoryBase base = MemoryBase.afterExampleSnapshot();

    /** A delta from version 7 to 8 with every list empty. */
    private static ObjectNode emptyDelta() {
        ObjectNode doc = delta();
        list(doc, "delete/users").removeAll();
        list(doc, "delete/accesses").removeAll();
        return doc;
    }

    @Test
    void exampleDeltaIsAccepted() {
        SyncDocument.Delta d = validDelta(read(Docs.EXAMPLE_DELTA, base));
        assertEquals(8, d.version());
        assertEquals(7, d.baseVersion());
        assertEquals(List.of("u-gus"), d.deleteUsers());
        assertEquals(List.of("a-1"), d.deleteAccesses());
        assertTrue(d.upsertUsers().isEmpty() && d.upsertKeys().isEmpty() && d.deleteKeys().isEmpty());
    }

    @Test
    void everyListOfADeltaIsOptional() {
        String json = """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                 "upsert": {"users": [{"id": "u-new"}]}}""";
        SyncDocument.Delta d = validDelta(read(json, base));
        assertEquals("u-new", d.upsertUsers().get(0).id());
        assertTrue(d.deleteUsers().isEmpty());
        String bare = """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7}""";
        validDelta(read(bare, base));
    }

    @Test
    void aDeltaThatKeepsAKeyBeyondTheBoxSlotsIsRefusedNamingItsSlot() {
        // The cache was synced when the box had 12 slots; box.slots is now 8.
        MemoryBase small = new MemoryBase("SB-DEMO", 8, 7).user("u-olivia", null).key("k-12", "u-olivia", 12)
                .key("k-4b", "u-olivia", 3);
        SyncRejection r = rejectedAt(read(emptyDelta(), small), "", "slot 12");
        assertTrue(r.message().contains("\"k-12\"") && r.message().contains("box.slots"), r.message());
        ObjectNode moves = emptyDelta();
        list(moves, "upsert/keys").add(Docs.newKey("k-12", "u-olivia", 8));
        validDelta(read(moves, small));
        ObjectNode deletes = emptyDelta();
        list(deletes, "delete/keys").add("k-12");
        validDelta(read(deletes, small));
    }

    @Test
    void baseVersionMustMatchTheCache() {
        ObjectNode doc = emptyDelta().put("baseVersion", 5);
        SyncRejection r = rejectedAt(read(doc, base), "baseVersion", "does not match");
        assertEquals("baseVersion: 5 does not match the cache's version 7", r.message());
    }

    @Test
    void baseVersionIsRequiredInADelta() {
        ObjectNode doc = emptyDelta();
        doc.remove("baseVersion");
        rejectedAt(read(doc, base), "baseVersion", "is required in a delta");
    }

    @Test
    void deltaVersionMustBeNewerThanTheCache() {
        rejectedAt(read(emptyDelta().put("version", 7), base), "version", "is not newer than the cache's version 7");
    }

    @Test
    void deltaMayNotCarrySnapshotLists() {
        ObjectNode doc = emptyDelta();
        doc.putArray("users").add(Docs.newUser("u-x"));
        rejectedAt(read(doc, base), "users", "not allowed in a delta (use upsert.users)");
    }

    @Test
    void upsertMustBeAnObject() {
        ObjectNode doc = emptyDelta();
        doc.putArray("upsert");
        rejectedAt(read(doc, base), "upsert", "must be an object");
    }

    @Test
    void upsertedRecordsAreCheckedWithTheirPath() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/users").add(Docs.newUser("u-new").put("mobile", "555-1234"));
        rejectedAt(read(doc, base), "upsert.users[0].mobile", "is not an E.164 number");
    }

    @Test
    void deletedIdMustBeANonEmptyString() {
        ObjectNode doc = emptyDelta();
        list(doc, "delete/users").add("u-gus").add(7);
        rejectedAt(read(doc, base), "delete.users[1]", "must be a non-empty string");
        doc = emptyDelta();
        list(doc, "delete/keys").add("");
        rejectedAt(read(doc, base), "delete.keys[0]", "must be a non-empty string");
    }

    @Test
    void deletedIdsAreUniqueWithinTheList() {
        ObjectNode doc = emptyDelta();
        list(doc, "delete/accesses").add("a-1").add("a-1");
        rejectedAt(read(doc, base), "delete.accesses[1]", "duplicate id \"a-1\"");
    }

    @Test
    void idBothUpsertedAndDeletedIsRejected() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/users").add(Docs.newUser("u-gus"));
        list(doc, "delete/users").add("u-gus");
        rejectedAt(read(doc, base), "delete.users[0]", "\"u-gus\" is also in upsert.users");
    }

    @Test
    void deletingAnUnknownIdIsAcceptedAsANoOp() {
        ObjectNode doc = emptyDelta();
        list(doc, "delete/users").add("u-never");
        list(doc, "delete/keys").add("k-never");
        list(doc, "delete/accesses").add("a-never");
        assertEquals(List.of("u-never"), validDelta(read(doc, base)).deleteUsers());
    }

    @Test
    void deletingAUserWhoStillOwnsKeysIsRejected() {
        ObjectNode doc = emptyDelta();
        list(doc, "delete/users").add("u-olivia");
        rejectedAt(read(doc, base), "delete.users[0]", "user \"u-olivia\" still owns key \"k-4b\"");
    }

    @Test
    void deletingAUserWithTheirKeysIsAccepted() {
        ObjectNode doc = emptyDelta();
        list(doc, "delete/users").add("u-olivia");
        list(doc, "delete/keys").add("k-4b");
        validDelta(read(doc, base));
    }

    @Test
    void reowningAKeyThenDeletingItsOldOwnerIsAccepted() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/keys").add(Docs.newKey("k-4b", "u-tara", 3));
        list(doc, "delete/users").add("u-olivia");
        SyncDocument.Delta d = validDelta(read(doc, base));
        assertEquals(List.of(new Key("k-4b", "u-tara", "Label k-4b", 3)), d.upsertKeys());
    }

    @Test
    void upsertedKeyOwnedByADeletedUserIsRejected() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/keys").add(Docs.newKey("k-4b", "u-gus", 3));
        list(doc, "delete/users").add("u-gus");
        rejectedAt(read(doc, base), "upsert.keys[0].ownerId", "user \"u-gus\" is deleted by this delta");
    }

    @Test
    void upsertedKeyOwnerMayBeUpsertedInTheSameDelta() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/users").add(Docs.newUser("u-new"));
        list(doc, "upsert/keys").add(Docs.newKey("k-new", "u-new", 4));
        validDelta(read(doc, base));
    }

    @Test
    void upsertedKeyOwnerMustExistInTheResultingCache() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/keys").add(Docs.newKey("k-new", "u-nobody", 4));
        rejectedAt(read(doc, base), "upsert.keys[0].ownerId", "no user \"u-nobody\" in the cache or this delta");
    }

    @Test
    void keyMayNotMoveIntoASlotAKeptKeyHolds() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/keys").add(Docs.newKey("k-new", "u-tara", 3));
        rejectedAt(read(doc, base), "upsert.keys[0].slot", "slot 3 is already taken by key \"k-4b\"");
    }

    @Test
    void slotSwapWithinOneDeltaIsAccepted() {
        MemoryBase twoKeys = MemoryBase.afterExampleSnapshot().key("k-5c", "u-tara", 5);
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/keys").add(Docs.newKey("k-4b", "u-olivia", 5)).add(Docs.newKey("k-5c", "u-tara", 3));
        assertEquals(2, validDelta(read(doc, twoKeys)).upsertKeys().size());
    }

    @Test
    void keyMayTakeTheSlotOfADeletedKey() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/keys").add(Docs.newKey("k-new", "u-tara", 3));
        list(doc, "delete/keys").add("k-4b");
        validDelta(read(doc, base));
    }

    @Test
    void twoUpsertedKeysMayNotShareASlot() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/keys").add(Docs.newKey("k-a", "u-tara", 6)).add(Docs.newKey("k-b", "u-tara", 6));
        rejectedAt(read(doc, base), "upsert.keys[1].slot", "slot 6 is already taken by key \"k-a\"");
    }

    @Test
    void upsertedAccessMayNotUseADeletedKey() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/accesses").add(Docs.newAccess("a-2", "k-4b", "u-tara"));
        list(doc, "delete/keys").add("k-4b");
        list(doc, "delete/users").add("u-olivia");
        rejectedAt(read(doc, base), "upsert.accesses[0].keyId", "key \"k-4b\" is deleted by this delta");
    }

    @Test
    void upsertedAccessUserMustExistInTheResultingCache() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/accesses").add(Docs.newAccess("a-2", "k-4b", "u-nobody"));
        rejectedAt(read(doc, base), "upsert.accesses[0].userId", "no user \"u-nobody\" in the cache or this delta");
    }

    @Test
    void deletingAUserAlsoDropsTheirAccessesSoThoseNeedNoDelete() {
        ObjectNode doc = emptyDelta();
        list(doc, "delete/users").add("u-gus");
        validDelta(read(doc, base));
    }

    @Test
    void accountCodeOfAUserTheDeltaLeavesAloneIsTaken() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/users").add(Docs.newUser("u-new").put("accountCode", "481516"));
        SyncRejection r = rejectedAt(read(doc, base), "upsert.users[0].accountCode",
                "is already the account code of user \"u-olivia\"");
        assertNotEchoed(r, "481516");
    }

    @Test
    void accountCodeOfAnUpsertedOrDeletedUserIsFree() {
        ObjectNode doc = emptyDelta();
        // Olivia gives up her code in the same delta that gives it to someone else; Tara leaves.
        list(doc, "upsert/users").add(Docs.newUser("u-olivia"))
                .add(Docs.newUser("u-new").put("accountCode", "481516"))
                .add(Docs.newUser("u-other").put("accountCode", "909090"));
        list(doc, "delete/users").add("u-tara");
        validDelta(read(doc, base));
    }

    @Test
    void userKeepingTheirOwnAccountCodeIsAccepted() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/users").add(Docs.newUser("u-olivia").put("accountCode", "481516"));
        validDelta(read(doc, base));
    }

    @Test
    void accountCodesWithinADeltaMustDiffer() {
        ObjectNode doc = emptyDelta();
        list(doc, "upsert/users").add(Docs.newUser("u-a").put("accountCode", "1111"))
                .add(Docs.newUser("u-b").put("accountCode", "1111"));
        SyncRejection r = rejectedAt(read(doc, base), "upsert.users[1].accountCode", "of user \"u-a\"");
        assertNotEchoed(r, "1111");
    }

    @Test
    void deltaOnAnEmptyCacheStartsFromVersionZero() {
        String json = """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 1, "baseVersion": 0,
                 "upsert": {"users": [{"id": "u-1"}]}}""";
        validDelta(read(json, MemoryBase.empty()));
    }
}
