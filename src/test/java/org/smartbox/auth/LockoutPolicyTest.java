package org.smartbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * SPEC §6 lockout counters: 5 failures lock 60 s, doubling to 15 min; success or 10 quiet minutes reset.
 * On top, at most 30 failures an hour, which no success resets.
 */
class LockoutPolicyTest {

    private static final LockoutPolicy POLICY =
            new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15));
    /** SPEC §6 alone, without the hourly cap. */
    private static final LockoutPolicy SPEC_ONLY =
            new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15), 0,
                    Duration.ofHours(1));
    private static final long HOUR = 3_600_000;
    private static final long T0 = 1_000_000;

    private static LockoutState failures(LockoutState from, int n, long at) {
        return failures(POLICY, from, n, at);
    }

    private static LockoutState failures(LockoutPolicy policy, LockoutState from, int n, long at) {
        LockoutState s = from;
        for (int i = 0; i < n; i++) {
            s = policy.onFailure(s, at);
        }
        return s;
    }

    private static void assertNothingHeldAgainst(LockoutState s, long now) {
        assertEquals(0, s.failures());
        assertEquals(0, s.level());
        assertFalse(s.lockedAt(now));
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
        long[] expected = {60, 120, 240, 480, 900, 900, 900};
        for (long want : expected) {
            s = failures(SPEC_ONLY, s, 5, now);
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
        assertNothingHeldAgainst(cleared, after + 1);
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
        assertNothingHeldAgainst(POLICY.forgetIfQuiet(four, T0 + 600_000), T0 + 600_000);
        assertFalse(POLICY.onFailure(four, T0 + 600_000).lockedAt(T0 + 600_000));
        assertTrue(POLICY.onFailure(four, T0 + 599_999).lockedAt(T0 + 599_999));
    }

    @Test
    void theQuietPeriodAfterALockoutCountsFromItsEnd() {
        LockoutState locked = failures(LockoutState.CLEAR, 5, T0);
        long end = locked.lockedUntilMono();
        assertEquals(1, POLICY.forgetIfQuiet(locked, end + 599_999).level());
        assertNothingHeldAgainst(POLICY.forgetIfQuiet(locked, end + 600_000), end + 600_000);
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
    void anInsiderWhoClearsTheCountWithOwnPickupsIsStoppedAtThirtyAnHour() {
        // Four guesses, then a pickup of their own key, again and again: SPEC §6 alone never locks.
        LockoutState s = LockoutState.CLEAR;
        long now = T0;
        int guesses = 0;
        while (!s.lockedAt(now)) {
            s = POLICY.onFailure(s, now);
            guesses++;
            if (guesses % 4 == 0 && !s.lockedAt(now)) {
                s = POLICY.onSuccess(s, now);
                now += 60_000;
            }
        }
        assertEquals(30, guesses, "the 30th failure of the hour locks");
        assertEquals(30, s.windowFailures());
        assertEquals(T0 + HOUR, s.lockedUntilMono(), "locked until the hour that began with the first guess ends");
        assertEquals(s, POLICY.onSuccess(s, now + 1), "a pickup cannot lift it");

        LockoutState specOnly = LockoutState.CLEAR;
        for (int round = 0; round < 100; round++) {
            specOnly = SPEC_ONLY.onSuccess(failures(SPEC_ONLY, specOnly, 4, T0 + round), T0 + round);
        }
        assertFalse(specOnly.lockedAt(T0 + 100), "without the cap 400 guesses went through unlocked");
    }

    @Test
    void neitherASuccessNorQuietForgetsTheHoursFailures() {
        LockoutState s = failures(LockoutState.CLEAR, 4, T0);
        s = POLICY.onSuccess(s, T0 + 1);
        s = POLICY.forgetIfQuiet(s, T0 + 20 * 60_000);
        assertEquals(4, s.windowFailures());
        assertEquals(T0, s.windowStartMono());
    }

    @Test
    void aNewHourStartsANewCount() {
        LockoutState s = POLICY.onSuccess(failures(LockoutState.CLEAR, 4, T0), T0);
        for (int i = 0; i < 6; i++) {
            s = POLICY.onSuccess(failures(s, 4, T0 + i), T0 + i);
        }
        assertEquals(28, s.windowFailures());
        LockoutState nextHour = POLICY.onFailure(s, T0 + HOUR);
        assertEquals(1, nextHour.windowFailures(), "the hour is over: the 29th failure opens a new one");
        assertEquals(T0 + HOUR, nextHour.windowStartMono());
        assertFalse(nextHour.lockedAt(T0 + HOUR));
    }

    @Test
    void aCapLockLastsAtLeastTheDoublingLock() {
        // 29 failures (each followed by a pickup) from T0, the 30th 10 s before the hour ends.
        LockoutState s = LockoutState.CLEAR;
        for (int i = 0; i < 29; i++) {
            s = POLICY.onSuccess(POLICY.onFailure(s, T0 + i), T0 + i);
        }
        long at = T0 + HOUR - 10_000;
        LockoutState capped = POLICY.onFailure(s, at);
        assertEquals(at + 60_000, capped.lockedUntilMono(), "a window that ends sooner still locks for 60 s");
    }

    @Test
    void aCapOfZeroIsSpecSixAlone() {
        LockoutState s = LockoutState.CLEAR;
        for (int round = 0; round < 1_000; round++) {
            s = SPEC_ONLY.onSuccess(failures(SPEC_ONLY, s, 4, T0 + round), T0 + round);
            assertFalse(s.lockedAt(T0 + round));
        }
    }

    @Test
    void aRestartRestoresAtMostTheLongestDoublingLock() {
        LockoutState s = POLICY.restored(0, 3, T0, 5 * HOUR, 15, T0 - 1_000, T0);
        assertEquals(T0 + 900_000, s.lockedUntilMono(), "a lock saved as five hours comes back as 15 minutes");
        assertEquals(T0 + 900_000, s.quietFromMono());
        LockoutState over = POLICY.restored(0, 1, T0 - 5_000, -5_000, 2, T0 - 5_000, T0);
        assertFalse(over.lockedAt(T0));
        assertEquals(T0 - 5_000, over.quietFromMono());
    }

    @Test
    void aRestartKeepsASpentHourLockedUntilItEnds() {
        LockoutState s = POLICY.restored(0, 1, T0, 0, 30, T0 - 20 * 60_000, T0);
        assertEquals(T0 + 40 * 60_000, s.lockedUntilMono(), "the budget was spent 20 minutes into the hour");
        assertFalse(POLICY.restored(0, 1, T0, 0, 30, T0 - HOUR, T0).lockedAt(T0), "that hour is over");
        assertFalse(SPEC_ONLY.restored(0, 1, T0, 0, 30, T0 - 60_000, T0).lockedAt(T0), "no cap, no hour lock");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LockoutPolicy(0, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15)));
        assertThrows(IllegalArgumentException.class,
                () -> new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ZERO, Duration.ofMinutes(15)));
        assertThrows(IllegalArgumentException.class,
                () -> new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(59)));
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(5, Duration.ofMinutes(10),
                Duration.ofSeconds(60), Duration.ofMinutes(15), -1, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new LockoutPolicy(5, Duration.ofMinutes(10),
                Duration.ofSeconds(60), Duration.ofMinutes(15), 30, Duration.ZERO));
    }
}
