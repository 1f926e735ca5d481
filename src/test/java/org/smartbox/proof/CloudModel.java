package org.smartbox.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The cloud's picture of one box, for writing sync documents that should apply: it follows every
 * document the box accepted (snapshot or delta, with the cascades of sync-format.md) and writes new
 * valid snapshots and deltas from there.
 */
final class CloudModel {

    static final String APP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    final Map<String, ObjectNode> users = new LinkedHashMap<>();
    final Map<String, ObjectNode> keys = new LinkedHashMap<>();
    final Map<String, ObjectNode> accesses = new LinkedHashMap<>();
    private final String boxId;
    private final int slots;
    private int made;

    CloudModel(String boxId, int slots) {
        this.boxId = boxId;
        this.slots = slots;
    }

    static CloudModel demo() {
        CloudModel model = new CloudModel("SB-DEMO", 12);
        try {
            model.accept(DemoModel.JSON.readTree(ProofBox.DEMO_DATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model;
    }

    /** Takes a document the box applied into the picture. */
    void accept(JsonNode doc) {
        if (doc.get("type").asText().equals("snapshot")) {
            users.clear();
            keys.clear();
            accesses.clear();
            each(doc.get("users"), u -> users.put(id(u), (ObjectNode) u));
            each(doc.get("keys"), k -> keys.put(id(k), (ObjectNode) k));
            each(doc.get("accesses"), a -> accesses.put(id(a), (ObjectNode) a));
            return;
        }
        JsonNode upsert = doc.path("upsert");
        JsonNode delete = doc.path("delete");
        each(delete.get("accesses"), a -> accesses.remove(a.asText()));
        each(delete.get("keys"), k -> {
            keys.remove(k.asText());
            accesses.values().removeIf(a -> a.get("keyId").asText().equals(k.asText()));
        });
        each(upsert.get("users"), u -> users.put(id(u), (ObjectNode) u));
        each(upsert.get("keys"), k -> keys.put(id(k), (ObjectNode) k));
        each(upsert.get("accesses"), a -> accesses.put(id(a), (ObjectNode) a));
        each(delete.get("users"), u -> {
            users.remove(u.asText());
            accesses.values().removeIf(a -> a.get("userId").asText().equals(u.asText()));
        });
    }

    Set<String> accountCodes() {
        Set<String> codes = new HashSet<>();
        users.values().forEach(u -> {
            if (u.hasNonNull("accountCode")) {
                codes.add(u.get("accountCode").asText());
            }
        });
        return codes;
    }

    /** The whole picture as a snapshot of the given version. */
    ObjectNode snapshot(long version) {
        ObjectNode doc = header("snapshot", version);
        users.values().forEach(doc.putArray("users")::add);
        keys.values().forEach(doc.putArray("keys")::add);
        accesses.values().forEach(doc.putArray("accesses")::add);
        return doc;
    }

    /** One to three changes that do not get in each other's way, against base version {@code version}. */
    ObjectNode delta(Random r, long version) {
        ObjectNode doc = header("delta", version + 1).put("baseVersion", version);
        ObjectNode upsert = doc.putObject("upsert");
        ObjectNode delete = doc.putObject("delete");
        ArrayNode upUsers = upsert.putArray("users");
        ArrayNode upKeys = upsert.putArray("keys");
        ArrayNode upAccesses = upsert.putArray("accesses");
        ArrayNode delUsers = delete.putArray("users");
        ArrayNode delKeys = delete.putArray("keys");
        ArrayNode delAccesses = delete.putArray("accesses");
        Set<String> touched = new HashSet<>();
        Set<String> codes = accountCodes();
        Set<Integer> slotsTaken = new HashSet<>();
        keys.values().forEach(k -> slotsTaken.add(k.get("slot").asInt()));
        int changes = 1 + r.nextInt(3);
        for (int c = 0; c < changes; c++) {
            // Keep the tables small enough to compare whole after every document.
            int kind = users.size() > 40 || accesses.size() > 60 ? 6 + r.nextInt(5) : r.nextInt(11);
            switch (kind) {
                case 0, 1 -> upUsers.add(newUser(r, codes));
                case 2 -> pick(r, users.keySet(), touched).ifPresent(id -> {
                    touched.add(id);
                    ObjectNode user = users.get(id).deepCopy();
                    ObjectNode security = user.has("security") && user.get("security").isObject()
                            ? (ObjectNode) user.get("security") : user.putObject("security");
                    String setting = DemoModel.SETTINGS.get(r.nextInt(3));
                    security.put(setting, !security.path(setting).asBoolean(true));
                    user.put("name", "Renamed " + r.nextInt(1000));
                    upUsers.add(user);
                });
                case 3 -> {
                    List<Integer> free = new ArrayList<>();
                    for (int s = 1; s <= slots; s++) {
                        if (!slotsTaken.contains(s)) {
                            free.add(s);
                        }
                    }
                    if (!free.isEmpty()) {
                        pick(r, users.keySet(), touched).ifPresent(owner -> {
                            int slot = free.get(r.nextInt(free.size()));
                            slotsTaken.add(slot);
                            String id = "fk-" + (++made);
                            touched.add(owner);
                            upKeys.add(DemoModel.JSON.createObjectNode().put("id", id).put("ownerId", owner)
                                    .put("label", "Fuzz " + made).put("slot", slot));
                        });
                    }
                }
                case 4, 5 -> pick(r, keys.keySet(), touched).ifPresent(key -> pick(r, users.keySet(), touched)
                        .ifPresent(user -> {
                            touched.add(key);
                            touched.add(user);
                            Instant from = Instant.parse("2026-11-28T00:00:00Z").plusSeconds(r.nextInt(86_400) - 43_200);
                            ObjectNode access = DemoModel.JSON.createObjectNode().put("id", "fa-" + (++made))
                                    .put("keyId", key).put("userId", user).put("validFrom", from.toString())
                                    .put("validUntil", from.plusSeconds(1 + r.nextInt(200_000)).toString());
                            if (r.nextBoolean()) {
                                access.put("maxPickups", 1 + r.nextInt(5));
                            }
                            upAccesses.add(access);
                        }));
                case 6 -> pick(r, accesses.keySet(), touched).ifPresent(id -> {
                    touched.add(id);
                    delAccesses.add(id);
                });
                case 7 -> pick(r, keys.keySet(), touched).ifPresent(id -> {
                    boolean inUse = accesses.values().stream().anyMatch(a -> touched.contains(a.get("id").asText())
                            && a.get("keyId").asText().equals(id));
                    if (!inUse) {
                        touched.add(id);
                        delKeys.add(id);
                    }
                });
                case 9 -> move(r, "accountCode", touched, upUsers, upKeys, delUsers);
                case 10 -> move(r, "mobile", touched, upUsers, upKeys, delUsers);
                default -> pick(r, users.keySet(), touched).ifPresent(id -> {
                    boolean owns = keys.values().stream().anyMatch(k -> k.get("ownerId").asText().equals(id));
                    if (!owns) {
                        touched.add(id);
                        delUsers.add(id);
                    }
                });
            }
        }
        return doc;
    }

    /**
     * Moves a user's account code or mobile to another user in one delta (SPEC §10): the two swap
     * theirs, or the holder is deleted in the same delta (after their keys are re-owned by the
     * receiver), which the box must judge and write as the cache after the whole document.
     */
    private void move(Random r, String field, Set<String> touched, ArrayNode upUsers, ArrayNode upKeys,
                      ArrayNode delUsers) {
        List<String> holders = new ArrayList<>();
        users.forEach((id, u) -> {
            if (u.hasNonNull(field) && !touched.contains(id)) {
                holders.add(id);
            }
        });
        if (holders.isEmpty()) {
            return;
        }
        String from = holders.get(r.nextInt(holders.size()));
        touched.add(from);
        java.util.Optional<String> to = pick(r, users.keySet(), touched);
        if (to.isEmpty()) {
            return;
        }
        touched.add(to.get());
        ObjectNode giver = users.get(from).deepCopy();
        ObjectNode taker = users.get(to.get()).deepCopy();
        JsonNode given = giver.remove(field);
        JsonNode had = taker.remove(field);
        taker.set(field, given);
        List<ObjectNode> owned = keys.values().stream().filter(k -> k.get("ownerId").asText().equals(from)).toList();
        boolean keysFree = owned.stream().noneMatch(k -> touched.contains(k.get("id").asText()));
        if (r.nextBoolean() && keysFree) {
            // The holder goes; their keys go to the receiver in the same delta.
            for (ObjectNode key : owned) {
                touched.add(key.get("id").asText());
                upKeys.add(key.deepCopy().put("ownerId", to.get()));
            }
            delUsers.add(from);
        } else {
            if (had != null) {
                giver.set(field, had);
            }
            upUsers.add(giver);
        }
        upUsers.add(taker);
    }

    private ObjectNode newUser(Random r, Set<String> codes) {
        String id = "fu-" + (++made);
        ObjectNode user = DemoModel.JSON.createObjectNode().put("id", id).put("name", "Fuzz User " + made);
        if (r.nextInt(4) > 0) {
            user.put("mobile", "+1555" + String.format("%07d", r.nextInt(10_000_000)));
        }
        if (r.nextBoolean()) {
            String code;
            do {
                int length = 4 + r.nextInt(6);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    sb.append(r.nextInt(10));
                }
                code = sb.toString();
            } while (codes.contains(code));
            codes.add(code);
            user.put("accountCode", code);
        }
        if (r.nextInt(10) == 0) {
            user.put("technician", true);
        }
        if (r.nextInt(8) == 0) {
            user.put("appTotpSecret", APP_SECRET);
        }
        if (r.nextBoolean()) {
            ObjectNode security = user.putObject("security");
            for (String setting : DemoModel.SETTINGS) {
                if (r.nextBoolean()) {
                    security.put(setting, r.nextBoolean());
                }
            }
        }
        return user;
    }

    private ObjectNode header(String type, long version) {
        return DemoModel.JSON.createObjectNode().put("schema", 1).put("type", type).put("boxId", boxId)
                .put("version", version);
    }

    private static java.util.Optional<String> pick(Random r, Set<String> from, Set<String> avoid) {
        List<String> choices = new ArrayList<>(from);
        choices.removeAll(avoid);
        return choices.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(choices.get(r.nextInt(choices.size())));
    }

    private static String id(JsonNode record) {
        return record.get("id").asText();
    }

    private static void each(JsonNode list, java.util.function.Consumer<JsonNode> action) {
        if (list != null && list.isArray()) {
            list.forEach(action);
        }
    }
}
