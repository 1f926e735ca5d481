package org.smartbox.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncRejection;

/**
 * The rows a sync document writes, one statement per record: batched for speed, or, when a batch
 * failed, one at a time so that the record the database refused is known by its JSON path
 * ({@code upsert.users[3]}) and the refusal can be put in the words of sync-format.md. A database
 * message never leaves here: it may hold values, and it means nothing to the cloud.
 */
final class SyncWrites {

    /** Statements per batch: large documents write 200,000 rows. */
    static final int BATCH = 1000;

    /** What a row writes, which says which field a broken rule is about. */
    enum Row { USER, KEY, ACCESS, USER_DELETE, OTHER }

    /** The store refused the document; carries the rejection out of the transaction, which rolls back. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SyncRejection rejection;

        Refusal(SyncRejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }

        SyncRejection rejection() {
            return rejection;
        }
    }

    /** Ends the one-record-at-a-time pass, which only looks: nothing of it may be committed. */
    static final class Rollback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rollback() {
            super(null, null, false, false);
        }
    }

    private final boolean oneByOne;
    private int pending;

    /** @param oneByOne run each row at once and name the record a broken rule is about */
    SyncWrites(boolean oneByOne) {
        this.oneByOne = oneByOne;
    }

    /** The pass that only looks for the refused record: it writes no audit entries, it is rolled back. */
    boolean oneByOne() {
        return oneByOne;
    }

    /** The row of the record at {@code list[index]}, with its parameters set. */
    void add(PreparedStatement statement, Row row, String list, int index) throws SQLException {
        if (!oneByOne) {
            statement.addBatch();
            if (++pending % BATCH == 0) {
                statement.executeBatch();
            }
            return;
        }
        try {
            statement.executeUpdate();
        } catch (SQLiteException e) {
            Optional<SyncRejection> refused = refusal(e.getResultCode(), row, list + "[" + index + "]");
            if (refused.isEmpty()) {
                throw e;
            }
            throw new Refusal(refused.get());
        }
    }

    /** Runs what is left of a statement's batch. */
    void flush(PreparedStatement statement) throws SQLException {
        if (!oneByOne) {
            statement.executeBatch();
        }
    }

    /**
     * Runs the one-record-at-a-time pass ({@code pass} ends by throwing {@link Rollback}): the
     * rejection it found, or empty when nothing broke a rule there (the failure was not the
     * document's).
     */
    static Optional<SyncRejection> whichRecord(Supplier<?> pass) {
        try {
            pass.get();
            return Optional.empty();
        } catch (Refusal refusal) {
            return Optional.of(refusal.rejection());
        } catch (Rollback | StoreException nothingFound) {
            return Optional.empty();
        }
    }

    /**
     * A document checked against one version of the cache and written when it holds another: a
     * delta built on what is gone, or a snapshot no newer than what is there now. The same words as
     * the validator's, since the cloud reacts the same way (a snapshot, or nothing).
     */
    static Optional<SyncRejection> movedSince(SyncDocument document, long current) {
        if (document.version() <= current) {
            return Optional.of(new SyncRejection("version", document.version() + " is not newer than the cache's"
                    + " version " + current + " (stale or out of order)"));
        }
        if (document instanceof SyncDocument.Delta delta && delta.baseVersion() != current) {
            return Optional.of(new SyncRejection("baseVersion", delta.baseVersion() + " does not match the"
                    + " cache's version " + current + " (it changed while this document was read)"));
        }
        return Optional.empty();
    }

    /** A broken constraint in the words of the format; empty for failures that are not a broken rule. */
    static Optional<SyncRejection> refusal(SQLiteErrorCode code, Row row, String record) {
        if (code == null || (code.code & 0xff) != SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
            return Optional.empty();
        }
        boolean unique = code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
        boolean reference = code == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
        if (row == Row.USER && unique) {
            return rejection(record + ".accountCode", "is already the account code of another user of this box");
        } else if (row == Row.KEY && unique) {
            return rejection(record + ".slot", "is already taken by another key of this box");
        } else if (row == Row.KEY && reference) {
            return rejection(record + ".ownerId", "is not a user of this box once this document is applied");
        } else if (row == Row.ACCESS && reference) {
            return rejection(record, "names a key or user this box does not have once this document is applied");
        } else if (row == Row.USER_DELETE && reference) {
            return rejection(record, "this user still owns a key (delete or re-own it in the same delta)");
        }
        return rejection(record, "cannot be stored: it breaks a rule of the box's cache ("
                + code.name().substring("SQLITE_".length()).toLowerCase(java.util.Locale.ROOT) + ")");
    }

    private static Optional<SyncRejection> rejection(String path, String problem) {
        return Optional.of(new SyncRejection(path, problem));
    }
}
