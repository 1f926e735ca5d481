package org.smartbox.sync;

import java.util.List;
import java.util.Optional;

/**
 * {@code identify.minAccountCodeDigits} (issue 20): the operator's floor on account code length.
 * SPEC allows 4-9 digits; a box may demand more, and a document that brings a shorter code is
 * refused whole with the code's path (the message gives the length, never the code).
 */
public final class CodeFloor {

    private CodeFloor() {
    }

    public static Optional<SyncRejection> check(SyncDocument document, int minDigits) {
        if (document instanceof SyncDocument.Snapshot s) {
            return shortest(s.users(), "users", minDigits);
        }
        SyncDocument.Delta d = (SyncDocument.Delta) document;
        return shortest(d.upsertUsers(), "upsert.users", minDigits);
    }

    private static Optional<SyncRejection> shortest(List<SyncUser> users, String list, int minDigits) {
        for (int i = 0; i < users.size(); i++) {
            String code = users.get(i).accountCode();
            if (code != null && code.length() < minDigits) {
                return Optional.of(new SyncRejection(list + "[" + i + "].accountCode", "has " + code.length()
                        + " digits; this box takes account codes of at least " + minDigits
                        + " (identify.minAccountCodeDigits)"));
            }
        }
        return Optional.empty();
    }
}
