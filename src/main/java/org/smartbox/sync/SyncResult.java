package org.smartbox.sync;

/** A document read and validated: either ready to apply, or rejected with the first problem. */
public sealed interface SyncResult {

    record Valid(SyncDocument document) implements SyncResult {
    }

    record Rejected(SyncRejection rejection) implements SyncResult {
    }
}
