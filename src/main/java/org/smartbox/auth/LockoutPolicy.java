package org.smartbox.auth;

import java.time.Duration;

/**
 * Box-wide keypad lockout of SPEC §6: after {@code maxFailures} consecutive failures the keypad is
 * locked for {@code base}, doubling with each further lockout up to {@code max}. A success, or
 * {@code quietReset} without a failure (counted from the end of any lockout), starts over.
 * Times are monotonic milliseconds, so a wall-clock correction neither shortens nor lengthens a lock.
 */
public record LockoutPolicy(int maxFailures, Duration quietReset, Duration base, Duration max) {

    public LockoutPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("lockout durations must satisfy 0 < base <= max");
        }
    }

    /** The state after one more failure at {@code nowMono}; locked when this failure tipped it over. */
    public LockoutState onFailure(LockoutState state, long nowMono) {
        LockoutState current = forgetIfQuiet(state, nowMono);
        int failures = current.failures() + 1;
        if (failures < maxFailures) {
            return new LockoutState(failures, current.level(), nowMono, current.lockedUntilMono());
        }
        long lockMillis = lockMillis(current.level());
        long until = nowMono + lockMillis;
        return new LockoutState(0, Math.min(current.level() + 1, 62), until, until);
    }

    /** A completed pickup, return or service login clears the count and the doubling. */
    public LockoutState onSuccess(LockoutState state, long nowMono) {
        return state.lockedAt(nowMono) ? state : LockoutState.CLEAR;
    }

    /** Drops the count and level once the quiet period has passed without a failure. */
    public LockoutState forgetIfQuiet(LockoutState state, long nowMono) {
        boolean somethingToForget = state.failures() > 0 || state.level() > 0;
        if (somethingToForget && nowMono - state.quietFromMono() >= quietReset.toMillis()) {
            return LockoutState.CLEAR;
        }
        return state;
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
