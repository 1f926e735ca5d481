package org.smartbox.auth;

import java.time.Duration;

/**
 * Box-wide keypad lockout of SPEC §6: after {@code maxFailures} consecutive failures the keypad is
 * locked for {@code base}, doubling with each further lockout up to {@code max}. A success, or
 * {@code quietReset} without a failure (counted from the end of any lockout), starts over.
 *
 * <p>On top of SPEC §6, at most {@code maxFailuresPerWindow} failures in a {@code window} (an hour):
 * a success does not clear that count, so someone with a key of their own cannot reset the lockout
 * with their own pickups and guess on for ever. The failure that reaches the cap locks the keypad
 * until the hour is over (0 turns the cap off). Times are monotonic milliseconds, so a wall-clock
 * correction neither shortens nor lengthens a lock.
 */
public record LockoutPolicy(int maxFailures, Duration quietReset, Duration base, Duration max,
                            int maxFailuresPerWindow, Duration window) {

    public static final int DEFAULT_FAILURES_PER_HOUR = 30;

    public LockoutPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("lockout durations must satisfy 0 < base <= max");
        }
        if (maxFailuresPerWindow < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the failure window needs a cap >= 0 and a length > 0");
        }
    }

    /** SPEC §6 with the default hourly cap. */
    public LockoutPolicy(int maxFailures, Duration quietReset, Duration base, Duration max) {
        this(maxFailures, quietReset, base, max, DEFAULT_FAILURES_PER_HOUR, Duration.ofHours(1));
    }

    /** The state after one more failure at {@code nowMono}; locked when this failure tipped it over. */
    public LockoutState onFailure(LockoutState state, long nowMono) {
        LockoutState current = forgetIfQuiet(state, nowMono);
        boolean newWindow = current.windowFailures() == 0 || nowMono - current.windowStartMono() >= window.toMillis();
        long windowStart = newWindow ? nowMono : current.windowStartMono();
        int windowFailures = (newWindow ? 0 : current.windowFailures()) + 1;
        int failures = current.failures() + 1;
        boolean overCap = maxFailuresPerWindow > 0 && windowFailures >= maxFailuresPerWindow;
        if (failures < maxFailures && !overCap) {
            return new LockoutState(failures, current.level(), nowMono, current.lockedUntilMono(), windowFailures,
                    windowStart);
        }
        long until = nowMono + lockMillis(current.level());
        if (overCap) {
            // The hour's budget is spent: nothing more until the hour is over.
            until = Math.max(until, windowStart + window.toMillis());
        }
        return new LockoutState(0, Math.min(current.level() + 1, 62), until, until, windowFailures, windowStart);
    }

    /** A completed pickup, return or service login clears the count and the doubling (not the hour's cap). */
    public LockoutState onSuccess(LockoutState state, long nowMono) {
        return state.lockedAt(nowMono) ? state : state.clearedKeepingWindow();
    }

    /** Drops the count and level once the quiet period has passed without a failure; the hour's count stays. */
    public LockoutState forgetIfQuiet(LockoutState state, long nowMono) {
        boolean somethingToForget = state.failures() > 0 || state.level() > 0;
        if (somethingToForget && nowMono - state.quietFromMono() >= quietReset.toMillis()) {
            return state.clearedKeepingWindow();
        }
        return state;
    }

    /**
     * Counters read back after a restart: the doubling lock never comes back longer than {@code max},
     * and a spent hour's budget locks the keypad until that hour is over.
     */
    public LockoutState restored(int failures, int level, long quietFromMono, long lockLeftMillis,
                                 int windowFailures, long windowStartMono, long nowMono) {
        long lockLeft = Math.max(0, Math.min(lockLeftMillis, max.toMillis()));
        if (maxFailuresPerWindow > 0 && windowFailures >= maxFailuresPerWindow) {
            lockLeft = Math.max(lockLeft, windowStartMono + window.toMillis() - nowMono);
        }
        if (lockLeft <= 0) {
            return new LockoutState(failures, level, quietFromMono, LockoutState.CLEAR.lockedUntilMono(),
                    windowFailures, windowStartMono);
        }
        long until = nowMono + lockLeft;
        return new LockoutState(failures, level, until, until, windowFailures, windowStartMono);
    }

    /** How long the lockout at {@code level} (0 = first) lasts. */
    public long lockMillis(int level) {
        long millis = base.toMillis();
        for (int i = 0; i < level && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Math.min(millis, max.toMillis());
    }
}
