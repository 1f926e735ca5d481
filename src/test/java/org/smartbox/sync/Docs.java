package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** The example documents of sync-format.md, and short ways to edit and read them in tests. */
final class Docs {

    static final String EXAMPLE_SNAPSHOT = """
            {
              "schema": 1,
              "type": "snapshot",
              "boxId": "SB-DEMO",
              "version": 7,
              "users": [
                {"id": "u-olivia", "name": "Olivia Owner", "mobile": "+15550000001",
                 "accountCode": "481516",
                 "security": {"login2fa": true, "keyPickups2fa": false, "guestPickups2fa": true}},
                {"id": "u-gus", "name": "Gus Guest", "mobile": "+15550000002"},
                {"id": "u-tara", "name": "Tara Tech", "mobile": "+15550000009",
                 "accountCode": "909090", "technician": true,
                 "security": {"login2fa": true}}
              ],
              "keys": [
                {"id": "k-4b", "ownerId": "u-olivia", "label": "Unit 4B", "slot": 3}
              ],
              "accesses": [
                {"id": "a-1", "keyId": "k-4b", "userId": "u-gus",
                 "validFrom": "2026-11-27T00:00:00Z", "validUntil": "2026-11-30T00:00:00Z",
                 "maxPickups": 1}
              ]
            }
            """;

    static final String EXAMPLE_DELTA = """
            {
              "schema": 1,
              "type": "delta",
              "boxId": "SB-DEMO",
              "version": 8,
              "baseVersion": 7,
              "upsert": {"users": [], "keys": [], "accesses": []},
              "delete": {"users": ["u-gus"], "keys": [], "accesses": ["a-1"]}
            }
            """;

    /** A base32 secret of 160 bits, as authenticator apps use. */
    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    static final ObjectMapper JSON = new ObjectMapper();
    static final SyncReader READER = new SyncReader(SyncReader.DEFAULT_MAX_BYTES);

    private Docs() {
    }

    static ObjectNode snapshot() {
        return parse(EXAMPLE_SNAPSHOT);
    }

    static ObjectNode delta() {
        return parse(EXAMPLE_DELTA);
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The element {@code index} of the array at {@code path} ("users", "upsert/keys"). */
    static ObjectNode element(ObjectNode doc, String path, int index) {
        return (ObjectNode) list(doc, path).get(index);
    }

    static ArrayNode list(ObjectNode doc, String path) {
        return (ArrayNode) doc.at("/" + path);
    }

    static ObjectNode newUser(String id) {
        return JSON.createObjectNode().put("id", id);
    }

    static ObjectNode newKey(String id, String ownerId, int slot) {
        return JSON.createObjectNode().put("id", id).put("ownerId", ownerId).put("label", "Label " + id).put("slot", slot);
    }

    static ObjectNode newAccess(String id, String keyId, String userId) {
        return JSON.createObjectNode().put("id", id).put("keyId", keyId).put("userId", userId)
                .put("validFrom", "2026-11-27T00:00:00Z").put("validUntil", "2026-11-30T00:00:00Z");
    }

    static SyncResult read(String json, SyncBase base) {
        return read(json.getBytes(StandardCharsets.UTF_8), base);
    }

    static SyncResult read(byte[] json, SyncBase base) {
        return READER.read(new ByteArrayInputStream(json), base);
    }

    static SyncResult read(JsonNode doc, SyncBase base) {
        return read(doc.toString(), base);
    }

    static SyncRejection rejection(SyncResult result) {
        return assertInstanceOf(SyncResult.Rejected.class, result, () -> "expected a rejection").rejection();
    }

    static SyncDocument.Snapshot validSnapshot(SyncResult result) {
        SyncResult.Valid valid = assertInstanceOf(SyncResult.Valid.class, result, () -> "expected valid: " + result);
        return assertInstanceOf(SyncDocument.Snapshot.class, valid.document());
    }

    static SyncDocument.Delta validDelta(SyncResult result) {
        SyncResult.Valid valid = assertInstanceOf(SyncResult.Valid.class, result, () -> "expected valid: " + result);
        return assertInstanceOf(SyncDocument.Delta.class, valid.document());
    }

    /** Asserts a rejection at exactly {@code path} whose message says {@code says}. */
    static SyncRejection rejectedAt(SyncResult result, String path, String says) {
        SyncRejection rejection = rejection(result);
        assertEquals(path, rejection.path(), () -> "path of: " + rejection.message());
        assertTrue(rejection.problem().contains(says), () -> "message: " + rejection.message());
        return rejection;
    }

    /** Asserts that a secret value shows nowhere in the rejection. */
    static void assertNotEchoed(SyncRejection rejection, String secret) {
        assertFalse(rejection.message().contains(secret), () -> "echoes a secret: " + rejection.message());
    }
}
