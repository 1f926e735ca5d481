package org.smartbox.sync;

import java.time.Instant;
import java.util.Objects;

/** An app unlock grant (sync-format.md): this user may take this key from this box inside the window. */
public record Grant(String grantId, String boxId, String userId, String keyId, Instant notBefore,
                    Instant expiresAt) {

    public Grant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(boxId, "boxId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
