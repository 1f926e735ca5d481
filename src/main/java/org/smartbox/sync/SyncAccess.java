package org.smartbox.sync;

import java.time.Instant;

/** An access as a sync document carries it: no pickup count, which belongs to the box. */
public record SyncAccess(String id, String keyId, String userId, Instant validFrom, Instant validUntil,
                         Integer maxPickups) {
}
