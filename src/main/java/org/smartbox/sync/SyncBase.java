package org.smartbox.sync;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What validation needs to know about the cache a document would apply to: its version, and for a
 * delta, the records it would change (a delta is valid only if the cache it produces is).
 */
public interface SyncBase {

    String boxId();

    int slots();

    /** The cache's version; 0 for an empty cache. */
    long version();

    Set<String> userIds();

    /** Key id to its owner and slot. */
    Map<String, KeyRef> keys();

    /** Access id to its key and user. */
    Map<String, AccessRef> accesses();

    /** The id of the user whose account code this is, compared by keyed hash. */
    Optional<String> userWithAccountCode(String accountCode);

    /** The ids of the users with this mobile number (E.164), for warning about numbers shared. */
    default Set<String> usersWithMobile(String mobile) {
        return Set.of();
    }

    /** False when the cache is being started over: only a snapshot can do that, a delta builds on the cache. */
    default boolean takesDeltas() {
        return true;
    }

    /**
     * An empty cache at version 0 for this box: what a snapshot is checked against when the cache is
     * started over ({@code smartbox import --reset}, sync-format.md "Going back"), so any version goes.
     */
    static SyncBase startingOver(String boxId, int slots) {
        return new SyncBase() {
            @Override
            public String boxId() {
                return boxId;
            }

            @Override
            public int slots() {
                return slots;
            }

            @Override
            public long version() {
                return 0;
            }

            @Override
            public Set<String> userIds() {
                return Set.of();
            }

            @Override
            public Map<String, KeyRef> keys() {
                return Map.of();
            }

            @Override
            public Map<String, AccessRef> accesses() {
                return Map.of();
            }

            @Override
            public Optional<String> userWithAccountCode(String accountCode) {
                return Optional.empty();
            }

            @Override
            public boolean takesDeltas() {
                return false;
            }
        };
    }

    record KeyRef(String ownerId, int slot) {
    }

    record AccessRef(String keyId, String userId) {
    }
}
