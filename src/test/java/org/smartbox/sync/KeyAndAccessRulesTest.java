package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.smartbox.sync.Docs.element;
import static org.smartbox.sync.Docs.read;
import static org.smartbox.sync.Docs.rejectedAt;
import static org.smartbox.sync.Docs.snapshot;
import static org.smartbox.sync.Docs.validSnapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyAndAccessRulesTest {

    private final MemoryBase base = MemoryBase.empty();

    private SyncResult withField(String list, int index, String field, String jsonValue) {
        ObjectNode doc = snapshot();
        element(doc, list, index).set(field, Docs.parse("{\"v\":" + jsonValue + "}").get("v"));
        return read(doc, base);
    }

    private SyncResult without(String list, int index, String field) {
        ObjectNode doc = snapshot();
        element(doc, list, index).remove(field);
        return read(doc, base);
    }

    @Test
    void keyIdIsRequired() {
        rejectedAt(without("keys", 0, "id"), "keys[0].id", "is required");
    }

    @Test
    void keyIdsAreUniqueWithinTheList() {
        ObjectNode doc = snapshot();
        Docs.list(doc, "keys").add(Docs.newKey("k-4b", "u-olivia", 4));
        rejectedAt(read(doc, base), "keys[1].id", "duplicate id \"k-4b\"");
    }

    @Test
    void keyOwnerMustBeAnExistingUser() {
        rejectedAt(withField("keys", 0, "ownerId", "\"u-nobody\""), "keys[0].ownerId",
                "no user \"u-nobody\" in this snapshot");
    }

    @Test
    void keyOwnerIsRequired() {
        rejectedAt(without("keys", 0, "ownerId"), "keys[0].ownerId", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "13", "-1", "1.5", "3.0", "\"3\"", "null", "99999999999999999999"})
    void keySlotMustBeWithinTheBox(String slot) {
        rejectedAt(withField("keys", 0, "slot", slot), "keys[0].slot", "must be an integer from 1 to 12");
    }

    @Test
    void aSlotBeyondTheBoxIsNamedWithTheSettingThatLimitsIt() {
        rejectedAt(withField("keys", 0, "slot", "13"), "keys[0].slot",
                "must be an integer from 1 to 12 (box.slots): this box has no slot 13");
    }

    @Test
    void keySlotIsRequired() {
        rejectedAt(without("keys", 0, "slot"), "keys[0].slot", "is required");
    }

    @Test
    void oneKeyPerSlot() {
        ObjectNode doc = snapshot();
        Docs.list(doc, "keys").add(Docs.newKey("k-5c", "u-tara", 3));
        rejectedAt(read(doc, base), "keys[1].slot", "slot 3 is already taken by key \"k-4b\"");
    }

    @Test
    void keyLabelIsRequired() {
        rejectedAt(without("keys", 0, "label"), "keys[0].label", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \""})
    void keyLabelMustNotBeBlank(String label) {
        rejectedAt(withField("keys", 0, "label", label), "keys[0].label", "must not be blank");
    }

    @Test
    void keyLabelIsAtMost64Characters() {
        String label64 = "L".repeat(64);
        ObjectNode doc = snapshot();
        element(doc, "keys", 0).put("label", label64);
        assertEquals(label64, validSnapshot(read(doc, base)).keys().get(0).label());
        rejectedAt(withField("keys", 0, "label", "\"" + label64 + "x\""), "keys[0].label", "at most 64 characters");
    }

    @Test
    void accessKeyMustExist() {
        rejectedAt(withField("accesses", 0, "keyId", "\"k-none\""), "accesses[0].keyId", "no key \"k-none\"");
    }

    @Test
    void accessUserMustExist() {
        rejectedAt(withField("accesses", 0, "userId", "\"u-none\""), "accesses[0].userId", "no user \"u-none\"");
    }

    @Test
    void accessIdsAreUniqueWithinTheList() {
        ObjectNode doc = snapshot();
        Docs.list(doc, "accesses").add(Docs.newAccess("a-1", "k-4b", "u-tara"));
        rejectedAt(read(doc, base), "accesses[1].id", "duplicate id \"a-1\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-11-27T00:00:00\"", "\"2026-11-27\"", "\"2026-11-27 00:00:00Z\"",
            "\"2026-02-30T00:00:00Z\"", "1764201600", "null", "\"yesterday\""})
    void validFromMustBeAnInstantWithAZone(String value) {
        rejectedAt(withField("accesses", 0, "validFrom", value), "accesses[0].validFrom",
                "must be an ISO-8601 instant with a zone");
    }

    @Test
    void validUntilMustBeAnInstantWithAZone() {
        rejectedAt(withField("accesses", 0, "validUntil", "\"2026-11-30T00:00:00\""), "accesses[0].validUntil",
                "must be an ISO-8601 instant with a zone");
    }

    @Test
    void validUntilIsRequired() {
        rejectedAt(without("accesses", 0, "validUntil"), "accesses[0].validUntil", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-11-27T00:00:00Z\"", "\"2026-11-26T00:00:00Z\"", "\"2026-11-27T01:00:00+01:00\""})
    void validUntilMustBeAfterValidFrom(String until) {
        rejectedAt(withField("accesses", 0, "validUntil", until), "accesses[0].validUntil", "must be after validFrom");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "\"1\"", "null", "true"})
    void maxPickupsMustBeAnIntegerOfAtLeastOne(String value) {
        rejectedAt(withField("accesses", 0, "maxPickups", value), "accesses[0].maxPickups",
                "must be an integer of at least 1");
    }

    @Test
    void maxPickupsMustFitAnInt() {
        rejectedAt(withField("accesses", 0, "maxPickups", "2147483648"), "accesses[0].maxPickups",
                "must be an integer from 1 to 2147483647");
    }
}
