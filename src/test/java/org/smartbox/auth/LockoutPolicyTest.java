package org.smartbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SPEC §6 lockout counters: 5 failures lock 60 s, doubling to 15 min; success or 10 quiet minutes reset. */
class LockoutPolicyTest {

    private static final LockoutPolicy POLICY =
            new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15));
    private static final long T0 = 1_000_000;

    private static LockoutState failures(LockoutState from, int n, long at) {
        LockoutState s = from;
        for (int i = 0; i < n; i++) {
            s = POLICY.onFailure(s, at);
        }
        return s;
    }

    @Test
    void fiveConsecutiveFailuresLockFor60Seconds() {
        LockoutState four = failures(LockoutState.CLEAR, 4, T0);
        assertFalse(four.lockedAt(T0));
        assertEquals(4, four.failures());
        LockoutState five = POLICY.onFailure(four, T0);
        assertTrue(five.lockedAt(T0));
        assertEquals(T0 + 60_000, five.lockedUntilMono());
        assertTrue(five.lockedAt(T0 + 59_999));
        assertFalse(five.lockedAt(T0 + 60_000));
        assertEquals(0, five.failures(), "a new lockout needs five new failures");
    }

    @Test
    void eachFurtherLockoutDoublesUpTo15Minutes() {
        List<Long> seconds = IntStream.range(0, 8).mapToObj(level -> POLICY.lockMillis(level) / 1000).toList();
        assertEquals(List.of(60L, 120L, 240L, 480L, 900L, 900L, 900L, 900L), seconds);
        assertEquals(900_000, POLICY.lockMillis(62));
        assertEquals(900_000, POLICY.lockMillis(Integer.MAX_VALUE));
    }

    @Test
    void successiveLockoutsWithoutAPauseDouble() {
        LockoutState s = LockoutState.CLEAR;
        long now = T0;
        long[] expected = {60, 120, 240, 480, 900, 900};
        for (long want : expected) {
            s = failures(s, 5, now);
            assertEquals(want * 1000, s.lockedUntilMono() - now);
            now = s.lockedUntilMono();
        }
    }

    @Test
    void successClearsTheCountAndTheDoubling() {
        LockoutState s = failures(LockoutState.CLEAR, 5, T0);
        long after = s.lockedUntilMono();
        s = failures(s, 3, after);
        LockoutState cleared = POLICY.onSuccess(s, after + 1);
        assertEquals(LockoutState.CLEAR, cleared);
        assertEquals(60_000, failures(cleared, 5, after + 2).lockedUntilMono() - (after + 2));
    }

    @Test
    void successDoesNotLiftALockThatIsRunning() {
        LockoutState locked = failures(LockoutState.CLEAR, 5, T0);
        assertEquals(locked, POLICY.onSuccess(locked, T0 + 1_000));
    }

    @Test
    void tenMinutesWithoutAFailureForgetTheCount() {
        LockoutState four = failures(LockoutState.CLEAR, 4, T0);
        assertEquals(4, POLICY.forgetIfQuiet(four, T0 + 599_999).failures());
        assertEquals(LockoutState.CLEAR, POLICY.forgetIfQuiet(four, T0 + 600_000));
        assertFalse(POLICY.onFailure(four, T0 + 600_000).lockedAt(T0 + 600_000));
        assertTrue(POLICY.onFailure(four, T0 + 599_999).lockedAt(T0 + 599_999));
    }

    @Test
    void theQuietPeriodAfterALockoutCountsFromItsEnd() {
        LockoutState locked = failures(LockoutState.CLEAR, 5, T0);
        long end = locked.lockedUntilMono();
        assertEquals(1, POLICY.forgetIfQuiet(locked, end + 599_999).level());
        assertEquals(LockoutState.CLEAR, POLICY.forgetIfQuiet(locked, end + 600_000));
    }

    @Test
    void theCountdownRoundsUp() {
        LockoutState locked = failures(LockoutState.CLEAR, 5, T0);
        assertEquals(60, locked.secondsLeft(T0));
        assertEquals(60, locked.secondsLeft(T0 + 1));
        assertEquals(59, locked.secondsLeft(T0 + 1_000));
        assertEquals(1, locked.secondsLeft(T0 + 59_999));
        assertEquals(0, locked.secondsLeft(T0 + 60_000));
        assertEquals(0, LockoutState.CLEAR.secondsLeft(T0));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LockoutPolicy(0, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15)));
        assertThrows(IllegalArgumentException.class,
                () -> new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ZERO, Duration.ofMinutes(15)));
        assertThrows(IllegalArgumentException.class,
                () -> new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(59)));
    }
}
