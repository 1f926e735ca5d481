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

    record KeyRef(String ownerId, int slot) {
    }

    record AccessRef(String keyId, String userId) {
    }
}
