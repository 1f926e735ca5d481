package org.smartbox.kiosk;

import java.time.Instant;
import java.util.function.Supplier;
import org.smartbox.store.BoxState;

/**
 * The records port: what the kiosk writes about keys, codes, lockouts and the open latch. The SQLite
 * adapter is {@link SqliteRecords}; tests use one in memory. Writes inside {@link #transaction} (the
 * audit entries of the same effects included) are committed together or not at all.
 */
public interface BoxRecords {

    /** Runs {@code work} as one transaction; joins the caller's transaction if there is one. */
    <T> T transaction(Supplier<T> work);

    /** Runs {@code action} once the current transaction committed (at once outside one). */
    void afterCommit(Runnable action);

    void setOpenLatch(BoxState.OpenLatch latch);

    void clearOpenLatch();

    void recordCodeIssued(String userId, Instant at);

    /** Takes back the user's newest code issue: its message never left (failed sends do not count). */
    void forgetLastCodeIssued(String userId);

    /**
     * Marks an app unlock grant used; false when it was used already. Kept until {@code now} has
     * passed its expiry, so it is never accepted twice.
     */
    boolean useGrant(String grantId, Instant expiresAt, Instant now);

    void keyOut(String keyId, String holderId, String accessId, Instant at);

    void keyIn(String keyId, Instant at);

    void saveLockout(BoxState.SavedLockout lockout);

    void useAppStep(String userId, long step);

    /**
     * The disk is full: frees the space kept in reserve, so that the event in hand can still be
     * written. False when there is no reserve left (or none to free).
     */
    boolean releaseReserve();

    /** Where the records live, for messages ("/var/lib/smartbox/box.db"). */
    String where();
}
