package org.smartbox.sync;

import java.util.List;

/** A document read and validated: either ready to apply, or rejected with the first problem. */
public sealed interface SyncResult {

    /** {@code warnings}: what the cloud should hear about though the document applies (shared mobiles). */
    record Valid(SyncDocument document, List<SyncWarning> warnings) implements SyncResult {
        public Valid {
            warnings = List.copyOf(warnings);
        }

        public Valid(SyncDocument document) {
            this(document, List.of());
        }
    }

    record Rejected(SyncRejection rejection) implements SyncResult {
    }
}
