package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.sync.Docs.element;
import static org.smartbox.sync.Docs.read;
import static org.smartbox.sync.Docs.rejectedAt;
import static org.smartbox.sync.Docs.snapshot;
import static org.smartbox.sync.Docs.validSnapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.auth.Base32;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;

class SnapshotReadingTest {

    @Test
    void exampleSnapshotIsAcceptedWithItsRecordsInDocumentOrder() {
        SyncDocument.Snapshot s = validSnapshot(read(Docs.EXAMPLE_SNAPSHOT, MemoryBase.empty()));

        assertEquals("SB-DEMO", s.boxId());
        assertEquals(7, s.version());
        assertEquals(List.of("u-olivia", "u-gus", "u-tara"), s.users().stream().map(SyncUser::id).toList());
        SyncUser olivia = s.users().get(0);
        assertEquals("Olivia Owner", olivia.name());
        assertEquals("+15550000001", olivia.mobile());
        assertEquals("481516", olivia.accountCode());
        assertFalse(olivia.technician());
        assertEquals(new SecuritySettings(true, false, true), olivia.security());
        assertNull(olivia.appSecret());
        SyncUser tara = s.users().get(2);
        assertTrue(tara.technician());
        assertEquals("909090", tara.accountCode());
        assertEquals(List.of(new Key("k-4b", "u-olivia", "Unit 4B", 3)), s.keys());
        assertEquals(List.of(new SyncAccess("a-1", "k-4b", "u-gus", Instant.parse("2026-11-27T00:00:00Z"),
                Instant.parse("2026-11-30T00:00:00Z"), 1)), s.accesses());
    }

    @Test
    void absentSecurityBlockMeansEverySettingOn() {
        SyncDocument.Snapshot s = validSnapshot(read(Docs.EXAMPLE_SNAPSHOT, MemoryBase.empty()));
        assertEquals(SecuritySettings.ALL_ON, s.users().get(1).security());
    }

    @Test
    void absentSecuritySettingMeansOn() {
        SyncDocument.Snapshot s = validSnapshot(read(Docs.EXAMPLE_SNAPSHOT, MemoryBase.empty()));
        // Tara's block names only login2fa.
        assertEquals(SecuritySettings.ALL_ON, s.users().get(2).security());
    }

    @Test
    void userWithOnlyAnIdGetsTheDefaults() {
        ObjectNode doc = snapshot();
        Docs.list(doc, "users").add(Docs.newUser("u-min"));
        SyncUser user = validSnapshot(read(doc, MemoryBase.empty())).users().get(3);
        assertEquals(new SyncUser("u-min", "", null, null, false, SecuritySettings.ALL_ON, null).toString(),
                user.toString());
        assertEquals("", user.name());
        assertNull(user.mobile());
        assertNull(user.accountCode());
        assertFalse(user.technician());
        assertEquals(SecuritySettings.ALL_ON, user.security());
        assertNull(user.appSecret());
    }

    @Test
    void appTotpSecretIsDecodedIntoTheAppSecret() {
        ObjectNode doc = snapshot();
        element(doc, "users", 0).put("appTotpSecret", Docs.SECRET.toLowerCase());
        SyncUser olivia = validSnapshot(read(doc, MemoryBase.empty())).users().get(0);
        assertArrayEquals(Base32.decode(Docs.SECRET).orElseThrow(), olivia.appSecret());
    }

    @Test
    void appSecretDoesNotShowInToString() {
        ObjectNode doc = snapshot();
        element(doc, "users", 0).put("appTotpSecret", Docs.SECRET);
        SyncUser olivia = validSnapshot(read(doc, MemoryBase.empty())).users().get(0);
        assertFalse(olivia.toString().contains("481516"));
        assertFalse(olivia.toString().contains(Docs.SECRET));
    }

    @Test
    void accountCodeKeepsItsLeadingZeros() {
        ObjectNode doc = snapshot();
        element(doc, "users", 1).put("accountCode", "0042");
        assertEquals("0042", validSnapshot(read(doc, MemoryBase.empty())).users().get(1).accountCode());
    }

    @Test
    void absentMaxPickupsMeansUnlimited() {
        ObjectNode doc = snapshot();
        element(doc, "accesses", 0).remove("maxPickups");
        assertNull(validSnapshot(read(doc, MemoryBase.empty())).accesses().get(0).maxPickups());
    }

    @Test
    void instantsWithAnOffsetAreAccepted() {
        ObjectNode doc = snapshot();
        element(doc, "accesses", 0).put("validFrom", "2026-11-27T02:00:00+02:00");
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"),
                validSnapshot(read(doc, MemoryBase.empty())).accesses().get(0).validFrom());
    }

    @Test
    void unknownFieldsAreIgnoredEverywhere() {
        ObjectNode doc = snapshot();
        doc.put("generatedBy", "cloud 4.2").putArray("future").add(1).addObject().put("deep", true);
        element(doc, "users", 0).putObject("prefs").put("lang", "en");
        ((ObjectNode) element(doc, "users", 0).get("security")).put("webauthn", true);
        element(doc, "keys", 0).putArray("tags").add("blue");
        element(doc, "accesses", 0).put("note", "weekend").putNull("nothing");
        SyncDocument.Snapshot s = validSnapshot(read(doc, MemoryBase.empty()));
        assertEquals(3, s.users().size());
        assertEquals(new SecuritySettings(true, false, true), s.users().get(0).security());
    }

    @Test
    void topLevelFieldsMayComeInAnyOrder() {
        String json = """
                {"users": [{"id": "u-1"}], "keys": [], "accesses": [],
                 "version": 3, "boxId": "SB-DEMO", "type": "snapshot", "schema": 1}
                """;
        SyncDocument.Snapshot s = validSnapshot(read(json, MemoryBase.empty()));
        assertEquals(3, s.version());
        assertEquals("u-1", s.users().get(0).id());
    }

    @Test
    void emptySnapshotClearsTheCache() {
        String json = """
                {"schema": 1, "type": "snapshot", "boxId": "SB-DEMO", "version": 8,
                 "users": [], "keys": [], "accesses": []}""";
        SyncDocument.Snapshot s = validSnapshot(read(json, MemoryBase.afterExampleSnapshot()));
        assertTrue(s.users().isEmpty() && s.keys().isEmpty() && s.accesses().isEmpty());
    }

    @Test
    void snapshotListsAreRequired() {
        ObjectNode doc = snapshot();
        doc.remove("keys");
        rejectedAt(read(doc, MemoryBase.empty()), "keys", "is required in a snapshot");
    }

    @Test
    void snapshotMayNotCarryUpsertOrDelete() {
        ObjectNode doc = snapshot();
        doc.putObject("delete").putArray("users");
        rejectedAt(read(doc, MemoryBase.empty()), "delete", "not allowed in a snapshot");
    }

    @Test
    void listMustBeAnArray() {
        ObjectNode doc = snapshot();
        doc.putObject("users");
        rejectedAt(read(doc, MemoryBase.empty()), "users", "must be an array");
    }

    @Test
    void listElementMustBeAnObject() {
        ObjectNode doc = snapshot();
        Docs.list(doc, "users").set(1, Docs.JSON.getNodeFactory().textNode("u-gus"));
        rejectedAt(read(doc, MemoryBase.empty()), "users[1]", "must be an object");
    }

    @Test
    void firstProblemInDocumentOrderIsReported() {
        String json = """
                {"schema": 1, "type": "snapshot", "boxId": "SB-DEMO", "version": 8,
                 "keys": [{"id": "k-1", "ownerId": "u-1", "label": "A", "slot": 99}],
                 "users": [{"id": "u-1", "mobile": "12"}],
                 "accesses": []}""";
        rejectedAt(read(json, MemoryBase.empty()), "keys[0].slot", "must be an integer from 1 to 12");
    }

    @Test
    void recordProblemsComeBeforeReferenceProblems() {
        ObjectNode doc = snapshot();
        element(doc, "keys", 0).put("ownerId", "u-nobody");
        element(doc, "accesses", 0).put("maxPickups", 0);
        rejectedAt(read(doc, MemoryBase.empty()), "accesses[0].maxPickups", "at least 1");
    }
}
