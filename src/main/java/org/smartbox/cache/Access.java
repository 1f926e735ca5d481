package org.smartbox.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * A guest's right to pick up one key inside a half-open window {@code [validFrom, validUntil)}, at
 * most {@code maxPickups} times (null = unlimited). {@code pickupsUsed} is the box's own count.
 */
public record Access(String id, String keyId, String userId, Instant validFrom, Instant validUntil,
                     Integer maxPickups, int pickupsUsed) {

    public Access {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
    }

    /** Inside its window at {@code now}, with pickups left. */
    public boolean usableAt(Instant now) {
        boolean pickupsLeft = maxPickups == null || pickupsUsed < maxPickups;
        return inWindowAt(now) && pickupsLeft;
    }

    /** {@code now} lies in {@code [validFrom, validUntil)}. */
    public boolean inWindowAt(Instant now) {
        return !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
