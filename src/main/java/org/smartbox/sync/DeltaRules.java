package org.smartbox.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.smartbox.cache.Key;

/**
 * The rules that join records, for a delta: checked against the cache the delta would produce, that
 * is the base, minus what it deletes (with their accesses), plus what it upserts. So a key may move
 * into a slot another key of the same delta leaves, and a user may go once their keys are gone.
 */
final class DeltaRules {

    private final DocumentParts doc;
    private final SyncBase base;
    private final Set<String> baseUsers;
    private final Map<String, SyncBase.KeyRef> baseKeys;

    DeltaRules(DocumentParts doc, SyncBase base) {
        this.doc = doc;
        this.base = base;
        // Asked once: a store may build these from its tables on every call.
        this.baseUsers = base.userIds();
        this.baseKeys = base.keys();
    }

    void check() throws Invalid {
        // An id in both lists leaves the intent unclear; nothing else is worth checking until it is fixed.
        notBoth(doc.upsertUsers, doc.deleteUsers);
        notBoth(doc.upsertKeys, doc.deleteKeys);
        notBoth(doc.upsertAccesses, doc.deleteAccesses);
        // An upserted or deleted user's old code goes away with their old record.
        AccountCodes.unique(doc.upsertUsers, code -> base.userWithAccountCode(code)
                .filter(id -> !doc.upsertUsers.contains(id) && !doc.deleteUsers.contains(id)));
        keys();
        accesses();
        deletedUsersOwnNoKeys();
    }

    private void notBoth(RecordList<?> upserts, RecordList<String> deletes) throws Invalid {
        for (int i = 0; i < deletes.items().size(); i++) {
            String id = deletes.items().get(i);
            if (upserts.contains(id)) {
                throw new Invalid(deletes.path(i), Fields.quote(id) + " is also in " + upserts.path());
            }
        }
    }

    private void keys() throws Invalid {
        Map<Integer, String> slots = new HashMap<>();
        baseKeys.forEach((id, ref) -> {
            if (keptFromBase(id)) {
                slots.put(ref.slot(), id);
            }
        });
        // A key the delta keeps in a slot the box no longer has (box.slots lowered): the kiosk refuses
        // such a cache, so a delta must not build on it. Moving or deleting the key here fixes it.
        for (Map.Entry<String, SyncBase.KeyRef> kept : new TreeMap<>(baseKeys).entrySet()) {
            int slot = kept.getValue().slot();
            if (keptFromBase(kept.getKey()) && slot > base.slots()) {
                throw new Invalid("", "key " + Fields.quote(kept.getKey()) + " of the cache is in slot " + slot
                        + ", but this box has " + base.slots() + " slots (box.slots): move or delete the key in"
                        + " this delta, send a snapshot, or raise box.slots");
            }
        }
        RecordList<Key> keys = doc.upsertKeys;
        for (int i = 0; i < keys.items().size(); i++) {
            Key key = keys.items().get(i);
            if (!userRemains(key.ownerId())) {
                throw new Invalid(keys.path(i) + ".ownerId", missing("user", key.ownerId(), doc.deleteUsers));
            }
            String other = slots.putIfAbsent(key.slot(), key.id());
            if (other != null) {
                throw new Invalid(keys.path(i) + ".slot", SnapshotRules.slotTaken(key.slot(), other));
            }
        }
    }

    private void accesses() throws Invalid {
        RecordList<SyncAccess> accesses = doc.upsertAccesses;
        for (int i = 0; i < accesses.items().size(); i++) {
            SyncAccess access = accesses.items().get(i);
            if (!keyRemains(access.keyId())) {
                throw new Invalid(accesses.path(i) + ".keyId", missing("key", access.keyId(), doc.deleteKeys));
            }
            if (!userRemains(access.userId())) {
                throw new Invalid(accesses.path(i) + ".userId", missing("user", access.userId(), doc.deleteUsers));
            }
        }
    }

    /** Upserted keys owned by a deleted user already failed in {@link #keys}; here the base's own. */
    private void deletedUsersOwnNoKeys() throws Invalid {
        Map<String, String> firstKeyOf = new TreeMap<>();
        new TreeMap<>(baseKeys).forEach((id, ref) -> {
            if (keptFromBase(id)) {
                firstKeyOf.putIfAbsent(ref.ownerId(), id);
            }
        });
        RecordList<String> deletes = doc.deleteUsers;
        for (int i = 0; i < deletes.items().size(); i++) {
            String key = firstKeyOf.get(deletes.items().get(i));
            if (key != null) {
                throw new Invalid(deletes.path(i), "user " + Fields.quote(deletes.items().get(i))
                        + " still owns key " + Fields.quote(key) + " (delete or re-own it in the same delta)");
            }
        }
    }

    /** A base key this delta neither replaces nor deletes. */
    private boolean keptFromBase(String keyId) {
        return !doc.upsertKeys.contains(keyId) && !doc.deleteKeys.contains(keyId);
    }

    private boolean userRemains(String id) {
        return doc.upsertUsers.contains(id) || baseUsers.contains(id) && !doc.deleteUsers.contains(id);
    }

    private boolean keyRemains(String id) {
        return doc.upsertKeys.contains(id) || baseKeys.containsKey(id) && !doc.deleteKeys.contains(id);
    }

    private static String missing(String kind, String id, RecordList<String> deleted) {
        return deleted.contains(id)
                ? kind + " " + Fields.quote(id) + " is deleted by this delta"
                : "no " + kind + " " + Fields.quote(id) + " in the cache or this delta";
    }
}
