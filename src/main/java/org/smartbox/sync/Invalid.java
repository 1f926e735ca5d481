package org.smartbox.sync;

/**
 * The first broken rule found while reading a document. Internal to this package: callers only ever
 * see it as a {@link SyncRejection} value. No stack trace and no message: it is control flow, and the
 * rejection carries everything worth knowing.
 */
final class Invalid extends Exception {

    private final transient SyncRejection rejection;

    Invalid(String path, String problem) {
        this(new SyncRejection(path, problem));
    }

    Invalid(SyncRejection rejection) {
        super(null, null, false, false);
        this.rejection = rejection;
    }

    SyncRejection rejection() {
        return rejection;
    }
}
