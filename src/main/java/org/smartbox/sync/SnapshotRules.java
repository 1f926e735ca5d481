package org.smartbox.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.smartbox.cache.Key;

/** The rules that join the records of a snapshot: it is the whole resulting cache. */
final class SnapshotRules {

    private SnapshotRules() {
    }

    static void check(RecordList<SyncUser> users, RecordList<Key> keys, RecordList<SyncAccess> accesses)
            throws Invalid {
        AccountCodes.unique(users, code -> Optional.empty());
        Map<Integer, String> slots = new HashMap<>();
        for (int i = 0; i < keys.items().size(); i++) {
            Key key = keys.items().get(i);
            if (!users.contains(key.ownerId())) {
                throw new Invalid(keys.path(i) + ".ownerId", "no user " + Fields.quote(key.ownerId()) + " in this snapshot");
            }
            String other = slots.putIfAbsent(key.slot(), key.id());
            if (other != null) {
                throw new Invalid(keys.path(i) + ".slot", slotTaken(key.slot(), other));
            }
        }
        for (int i = 0; i < accesses.items().size(); i++) {
            SyncAccess access = accesses.items().get(i);
            if (!keys.contains(access.keyId())) {
                throw new Invalid(accesses.path(i) + ".keyId", "no key " + Fields.quote(access.keyId()) + " in this snapshot");
            }
            if (!users.contains(access.userId())) {
                throw new Invalid(accesses.path(i) + ".userId", "no user " + Fields.quote(access.userId()) + " in this snapshot");
            }
        }
    }

    static String slotTaken(int slot, String otherKey) {
        return "slot " + slot + " is already taken by key " + Fields.quote(otherKey);
    }
}
