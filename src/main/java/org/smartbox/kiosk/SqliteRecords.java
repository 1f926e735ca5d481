package org.smartbox.kiosk;

import java.time.Instant;
import java.util.function.Supplier;
import org.smartbox.store.Ballast;
import org.smartbox.store.BoxState;
import org.smartbox.store.BoxStore;
import org.smartbox.store.Database;

/** The records port on the box's SQLite database, with the disk-space reserve beside it. */
public final class SqliteRecords implements BoxRecords {

    private final Database db;
    private final BoxStore store;
    private final Ballast ballast;

    public SqliteRecords(BoxStore store, Ballast ballast) {
        this.db = store.database();
        this.store = store;
        this.ballast = ballast;
    }

    @Override
    public <T> T transaction(Supplier<T> work) {
        return db.inTransaction(work::get);
    }

    @Override
    public void afterCommit(Runnable action) {
        db.afterCommit(action);
    }

    @Override
    public void setOpenLatch(BoxState.OpenLatch latch) {
        store.state().setOpenLatch(latch);
    }

    @Override
    public void clearOpenLatch() {
        store.state().clearOpenLatch();
    }

    @Override
    public void recordCodeIssued(String userId, Instant at) {
        store.ledger().recordCodeIssued(userId, at);
    }

    @Override
    public void forgetLastCodeIssued(String userId) {
        store.ledger().forgetLastCodeIssued(userId);
    }

    @Override
    public boolean useGrant(String grantId, Instant expiresAt, Instant now) {
        return store.ledger().useGrant(grantId, expiresAt, now);
    }

    @Override
    public void keyOut(String keyId, String holderId, String accessId, Instant at) {
        store.keys().keyOut(keyId, holderId, accessId, at);
    }

    @Override
    public void keyIn(String keyId, Instant at) {
        store.keys().keyIn(keyId, at);
    }

    @Override
    public void saveLockout(BoxState.SavedLockout lockout) {
        store.state().saveLockout(lockout);
    }

    @Override
    public void useAppStep(String userId, long step) {
        store.ledger().useAppStep(userId, step);
    }

    @Override
    public boolean releaseReserve() {
        return ballast.release();
    }

    @Override
    public String where() {
        return db.file().toString();
    }
}
