package org.smartbox.sync;

import java.util.Locale;
import java.util.Optional;

/** What {@link GrantVerifier} decided about one app unlock grant. */
public sealed interface GrantVerdict {

    /** Signature, box and time window hold. Single use and the user's right to the key are checked elsewhere. */
    record Accepted(Grant grant) implements GrantVerdict {
    }

    /**
     * Refused, with a machine reason for the audit log and a line for people. {@code grant} is present
     * when the grant could be read; its fields are as claimed, signed only if the reason comes after
     * {@link Reason#BAD_SIGNATURE}.
     */
    record Refused(Reason reason, String detail, Optional<Grant> grant) implements GrantVerdict {
    }

    /** In the order they are checked. */
    enum Reason {
        MALFORMED, BAD_SIGNATURE, WRONG_BOX, WINDOW_TOO_LONG, NOT_YET_VALID, EXPIRED;

        /** {@code bad_signature}: fit for an audit field, no spaces. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
