package org.smartbox.auth;

/**
 * The keypad lockout counters. {@code quietFromMono} is when the quiet period before a reset
 * started: the last failure, or the end of the last lockout, whichever is later. The window
 * counters ({@code windowFailures} since {@code windowStartMono}) count every failure of the
 * current hour, and no success clears them.
 */
public record LockoutState(int failures, int level, long quietFromMono, long lockedUntilMono, int windowFailures,
                           long windowStartMono) {

    private static final long NEVER = Long.MIN_VALUE / 4;

    public static final LockoutState CLEAR = new LockoutState(0, 0, NEVER, NEVER, 0, NEVER);

    public boolean lockedAt(long nowMono) {
        return nowMono < lockedUntilMono;
    }

    /** Whole seconds left, rounded up, for the countdown; 0 when not locked. */
    public long secondsLeft(long nowMono) {
        long left = lockedUntilMono - nowMono;
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    /** The same counters with the consecutive count and doubling cleared, the window kept. */
    LockoutState clearedKeepingWindow() {
        return new LockoutState(0, 0, NEVER, NEVER, windowFailures, windowStartMono);
    }
}
