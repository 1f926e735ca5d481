package org.smartbox.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cloud believes the box holds, starting from the demo data: the test's side of sync. It
 * writes deltas (flip a 2FA setting, revoke an access, add or shorten one) against the box's current
 * version, and takes a change into its own picture only once the box applied it.
 */
final class DemoModel {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SETTINGS = List.of("login2fa", "keyPickups2fa", "guestPickups2fa");

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> keys = new LinkedHashMap<>();
    private final Map<String, ObjectNode> accesses = new LinkedHashMap<>();
    private int made;

    DemoModel() {
        try {
            JsonNode demo = JSON.readTree(ProofBox.DEMO_DATA);
            demo.get("users").forEach(u -> users.put(u.get("id").asText(), (ObjectNode) u));
            demo.get("keys").forEach(k -> keys.put(k.get("id").asText(), (ObjectNode) k));
            demo.get("accesses").forEach(a -> accesses.put(a.get("id").asText(), (ObjectNode) a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A delta document, and what to take into the model once the box applied it. */
    record Change(String json, Runnable onApplied, String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    List<String> userIds() {
        return List.copyOf(users.keySet());
    }

    List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    List<String> accessIds() {
        return List.copyOf(accesses.keySet());
    }

    boolean setting(String userId, String setting) {
        JsonNode security = users.get(userId).get("security");
        return security == null || !security.has(setting) || security.get(setting).asBoolean();
    }

    /** Turns one 2FA setting of one user the other way (the whole user record is re-sent). */
    Change flip(String userId, String setting, long version) {
        ObjectNode user = users.get(userId).deepCopy();
        ObjectNode security = user.has("security") ? (ObjectNode) user.get("security") : user.putObject("security");
        boolean now = setting(userId, setting);
        security.put(setting, !now);
        ObjectNode delta = delta(version);
        ((ArrayNode) delta.get("upsert").get("users")).add(user);
        return new Change(delta.toString(), () -> users.put(userId, user),
                "flip " + userId + " " + setting + " to " + !now);
    }

    /** Makes a technician an ordinary user, or the other way (the whole user record is re-sent). */
    Change toggleTechnician(String userId, long version) {
        ObjectNode user = users.get(userId).deepCopy();
        boolean now = user.has("technician") && user.get("technician").asBoolean();
        user.put("technician", !now);
        ObjectNode delta = delta(version);
        ((ArrayNode) delta.get("upsert").get("users")).add(user);
        return new Change(delta.toString(), () -> users.put(userId, user), "technician " + userId + " " + !now);
    }

    /** Is a key of the model in {@code slot}? (One key per slot.) */
    boolean slotTaken(int slot) {
        return keys.values().stream().anyMatch(k -> k.get("slot").asInt() == slot);
    }

    /** A new key with a long label in {@code slot}; its sensor says whether it is in. */
    Change addKey(String ownerId, int slot, long version) {
        String id = "k-s" + slot;
        ObjectNode key = JSON.createObjectNode().put("id", id).put("ownerId", ownerId)
                .put("label", "Unit " + slot + " north wing tower B").put("slot", slot);
        ObjectNode delta = delta(version);
        ((ArrayNode) delta.get("upsert").get("keys")).add(key);
        return new Change(delta.toString(), () -> keys.put(id, key), "key " + id + " of " + ownerId + " in " + slot);
    }

    Change revoke(String accessId, long version) {
        ObjectNode delta = delta(version);
        ((ArrayNode) delta.get("delete").get("accesses")).add(accessId);
        return new Change(delta.toString(), () -> accesses.remove(accessId), "revoke " + accessId);
    }

    /** A new access with a fresh id (ids are never reused, so pickups can be counted per access). */
    Change grantAccess(String userId, String keyId, Instant from, Instant until, Integer maxPickups, long version) {
        String id = "x-" + (++made);
        ObjectNode access = JSON.createObjectNode().put("id", id).put("keyId", keyId).put("userId", userId)
                .put("validFrom", from.toString()).put("validUntil", until.toString());
        if (maxPickups != null) {
            access.put("maxPickups", maxPickups);
        }
        ObjectNode delta = delta(version);
        ((ArrayNode) delta.get("upsert").get("accesses")).add(access);
        return new Change(delta.toString(), () -> accesses.put(id, access),
                "access " + id + " " + userId + "->" + keyId + " [" + from + "," + until + ") max " + maxPickups);
    }

    /** Moves an existing access's end (the cloud shortening or extending it). */
    Change reschedule(String accessId, Instant until, long version) {
        ObjectNode access = accesses.get(accessId).deepCopy();
        Instant from = Instant.parse(access.get("validFrom").asText());
        Instant end = until.isAfter(from) ? until : from.plusSeconds(1);
        access.put("validUntil", end.toString());
        ObjectNode delta = delta(version);
        ((ArrayNode) delta.get("upsert").get("accesses")).add(access);
        return new Change(delta.toString(), () -> accesses.put(accessId, access),
                "reschedule " + accessId + " until " + end);
    }

    private static ObjectNode delta(long version) {
        ObjectNode delta = JSON.createObjectNode().put("schema", 1).put("type", "delta").put("boxId", "SB-DEMO")
                .put("version", version + 1).put("baseVersion", version);
        ObjectNode upsert = delta.putObject("upsert");
        upsert.putArray("users");
        upsert.putArray("keys");
        upsert.putArray("accesses");
        ObjectNode delete = delta.putObject("delete");
        delete.putArray("users");
        delete.putArray("keys");
        delete.putArray("accesses");
        return delta;
    }

    static List<String> list(Iterable<String> items) {
        List<String> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }
}
