package org.smartbox.auth;

/**
 * The keypad lockout counters. {@code quietFromMono} is when the quiet period before a reset
 * started: the last failure, or the end of the last lockout, whichever is later.
 */
public record LockoutState(int failures, int level, long quietFromMono, long lockedUntilMono) {

    public static final LockoutState CLEAR = new LockoutState(0, 0, Long.MIN_VALUE / 4, Long.MIN_VALUE / 4);

    public boolean lockedAt(long nowMono) {
        return nowMono < lockedUntilMono;
    }

    /** Whole seconds left, rounded up, for the countdown; 0 when not locked. */
    public long secondsLeft(long nowMono) {
        long left = lockedUntilMono - nowMono;
        return left <= 0 ? 0 : (left + 999) / 1000;
    }
}
