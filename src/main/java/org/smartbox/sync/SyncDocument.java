package org.smartbox.sync;

import java.util.List;
import org.smartbox.cache.Key;

/** A validated sync document (sync-format.md): every rule already checked, ready to apply whole. */
public sealed interface SyncDocument {

    String boxId();

    long version();

    /** Replaces the whole cache. */
    record Snapshot(String boxId, long version, List<SyncUser> users, List<Key> keys, List<SyncAccess> accesses)
            implements SyncDocument {
        public Snapshot {
            users = List.copyOf(users);
            keys = List.copyOf(keys);
            accesses = List.copyOf(accesses);
        }
    }

    /** Changes part of the cache; applies only on top of {@code baseVersion}. */
    record Delta(String boxId, long version, long baseVersion, List<SyncUser> upsertUsers, List<Key> upsertKeys,
                 List<SyncAccess> upsertAccesses, List<String> deleteUsers, List<String> deleteKeys,
                 List<String> deleteAccesses) implements SyncDocument {
        public Delta {
            upsertUsers = List.copyOf(upsertUsers);
            upsertKeys = List.copyOf(upsertKeys);
            upsertAccesses = List.copyOf(upsertAccesses);
            deleteUsers = List.copyOf(deleteUsers);
            deleteKeys = List.copyOf(deleteKeys);
            deleteAccesses = List.copyOf(deleteAccesses);
        }
    }
}
