package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.STRANGER_NATIONAL;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.auth.LockoutState;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/** SPEC §6: failures count against the box; five lock the keypad, longer each time. */
class LockoutTest {

    private final MemoryKiosk k = TestBox.kiosk();

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            k.press(STRANGER_NATIONAL + "#");
        }
    }

    private boolean locked() {
        return k.shows("Keypad locked");
    }

    private static String clock(long seconds) {
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    @Test
    void fiveFailuresLockTheKeypadFor60Seconds() {
        fail(4);
        assertFalse(locked());
        assertEquals(0, k.count(AuditType.LOCKOUT));
        fail(1);
        assertTrue(locked(), k.display());
        assertTrue(k.shows("Wait 1:00"), k.display());
        assertEquals("60", k.last(AuditType.LOCKOUT).field("seconds"));
        k.advance(59);
        assertTrue(locked());
        k.advance(1);
        assertFalse(locked());
        assertTrue(k.shows("Mobile # or code"), k.display());
    }

    /** Issue 19: how many failures are left before the lock, on every failure. */
    @Test
    void eachFailureSaysHowManyTriesAreLeftBeforeTheLock() {
        List<String> left = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fail(1);
            left.add(k.frame().line(2).strip());
        }
        assertEquals(List.of("4 tries left", "3 tries left", "2 tries left", "1 try left"), left);
    }

    /** A wrong code counts against the box too: when the lockout is nearer than the code's 3, it says so. */
    @Test
    void aWrongCodeSaysTheTriesLeftBeforeTheLockWhenThatIsNearer() {
        fail(3);
        k.press(TestBox.GUS_NATIONAL + "#");
        k.press("000001#");
        assertEquals("Wrong code, 1 left", k.frame().line(3).strip(), k.display());
        k.press("000002#");
        assertTrue(locked(), k.display());
    }

    /** Issue 19: a key pressed while locked gets an answer (the time left), and nothing else happens. */
    @Test
    void aKeyPressedWhileLockedShowsTheCountdown() {
        fail(5);
        int audits = k.audits().size();
        k.advance(18);
        k.press("5");
        assertEquals(List.of("Keypad locked", "Keys work again in", "0:42", "Please wait"),
                k.frame().lines().stream().map(String::strip).toList());
        k.advance(1);
        assertTrue(k.shows("0:41"), "still counting down: " + k.display());
        assertEquals(audits, k.audits().size(), "a key while locked is not audited, nor counted");
        k.advance(41);
        assertTrue(k.shows("Mobile # or code"), k.display());
    }

    @Test
    void theDisplayCountsDownEverySecond() {
        fail(5);
        for (int left = 60; left > 0; left--) {
            assertTrue(k.shows("Wait " + clock(left)), "at " + left + " s: " + k.display());
            k.advance(1);
        }
        assertFalse(locked());
    }

    @Test
    void aLongAdvanceDrawsEverySecondOfTheCountdown() {
        fail(5);
        MemoryKiosk.Mark m = k.mark();
        k.advance(60);
        List<String> countdown = new ArrayList<>();
        for (Frame f : k.framesSince(m)) {
            if (f.joined().contains("Keypad locked")) {
                countdown.add(f.joined().replaceAll(".*Wait (\\d:\\d\\d).*", "$1"));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int left = 59; left > 0; left--) {
            expected.add(clock(left));
        }
        assertEquals(expected, countdown);
    }

    @Test
    void keysAreIgnoredWhileLocked() {
        fail(5);
        int lookups = k.cache().identityLookups();
        k.press(GUS_NATIONAL + "#");
        k.press(OLIVIA_NATIONAL + "#");
        k.press("*#0123456789ABCD");
        assertTrue(locked());
        assertEquals(lookups, k.cache().identityLookups());
        assertTrue(k.sms().isEmpty());
        assertEquals(5, k.count(AuditType.IDENTIFY_FAILED));
        k.advance(60);
        // Nothing typed while locked was kept.
        k.press("#");
        assertTrue(k.sms().isEmpty());
        k.press(GUS_NATIONAL + "#");
        assertEquals(1, k.sms().size());
    }

    @Test
    void furtherLockoutsDoubleUpTo15MinutesAndTheHoursThirtiethFailureLocksToTheHoursEnd() {
        List<String> seconds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            fail(5);
            assertTrue(locked());
            seconds.add(k.last(AuditType.LOCKOUT).field("seconds"));
            long s = Long.parseLong(seconds.get(seconds.size() - 1));
            k.advance(s - 1);
            assertTrue(locked(), "still locked one second before the end of " + s);
            k.advance(1);
            assertFalse(locked());
        }
        // The sixth lockout is the 30th failure in the hour that began 1,800 s earlier: it lasts until
        // that hour is over; the seventh, in a new hour, is the doubling's 15 minutes again.
        assertEquals(List.of("60", "120", "240", "480", "900", "1800", "900"), seconds);
    }

    @Test
    void wrongCodesCountTowardsTheLockout() {
        k.press(GUS_NATIONAL + "#");
        k.press("000001#000002#000003#");
        fail(1);
        assertFalse(locked());
        fail(1);
        assertTrue(locked());
    }

    @Test
    void aWrongCodeThatTipsTheCountLocksAndVoidsTheCode() {
        fail(4);
        k.press(GUS_NATIONAL + "#");
        String code = k.lastCode();
        k.press("000001#");
        assertTrue(locked(), k.display());
        k.press(code + "#");
        k.advance(60);
        k.press(code + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void aCompletedPickupResetsTheCount() {
        fail(4);
        k.press(GUS_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        k.take(SLOT_4B);
        assertEquals(GUS, k.last(AuditType.PICKUP).field("user"));
        fail(4);
        assertFalse(locked());
        fail(1);
        assertTrue(locked());
    }

    @Test
    void aCompletedReturnResetsTheCount() {
        k.cache().sensor(SLOT_4B, false);
        fail(4);
        k.press(OLIVIA_NATIONAL + "##");
        k.put(SLOT_4B);
        assertEquals(1, k.count(AuditType.RETURN));
        fail(4);
        assertFalse(locked());
    }

    @Test
    void aServiceLoginResetsTheCount() {
        fail(4);
        k.press(TARA_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        assertEquals(1, k.count(AuditType.SERVICE_LOGIN));
        k.press("*");
        fail(4);
        assertFalse(locked());
    }

    @Test
    void aPickupNotTakenDoesNotResetTheCount() {
        fail(4);
        k.press(GUS_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        k.advance(30);
        assertEquals(1, k.count(AuditType.PICKUP_NOT_TAKEN));
        fail(1);
        assertTrue(locked());
    }

    @Test
    void tenMinutesWithoutAFailureResetTheCount() {
        fail(4);
        k.advance(600);
        fail(4);
        assertFalse(locked());
        fail(1);
        assertTrue(locked());
    }

    @Test
    void lessThanTenQuietMinutesKeepTheCount() {
        fail(4);
        k.advance(599);
        fail(1);
        assertTrue(locked());
    }

    @Test
    void tenQuietMinutesAfterALockoutForgetTheDoubling() {
        fail(5);
        k.advance(60 + 600);
        fail(5);
        assertEquals("60", k.last(AuditType.LOCKOUT).field("seconds"));
    }

    @Test
    void lessThanTenQuietMinutesAfterALockoutKeepTheDoubling() {
        fail(5);
        k.advance(60 + 599);
        fail(5);
        assertEquals("120", k.last(AuditType.LOCKOUT).field("seconds"));
    }

    @Test
    void aLockOfHoursShowsTheWholeCountdown() {
        KioskSettings d = k.settings();
        KioskSettings dayLong = d.withLockout(
                new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofHours(24)));
        MemoryKiosk box = new MemoryKiosk(dayLong, k.cache(), k.codes(), LockoutState.CLEAR);
        for (int i = 0; i < 5; i++) {
            box.press(STRANGER_NATIONAL + "#");
        }
        assertEquals(List.of("Keypad locked", "Too many failed", "attempts.", "Wait 24:00:00"),
                box.frame().lines().stream().map(String::strip).toList());
        box.advance(86_400 - 3_600);
        assertTrue(box.shows("Wait 1:00:00"), box.display());
        box.advance(1);
        assertTrue(box.shows("attempts. Wait 59:59"), box.display());
    }

    @Test
    void aLockedBoxStartsLocked() {
        fail(5);
        MemoryKiosk restarted = new MemoryKiosk(k.settings(), k.cache(), k.codes(), k.savedLockout());
        assertTrue(restarted.shows("Keypad locked"), restarted.display());
        restarted.press(GUS_NATIONAL + "#");
        assertTrue(restarted.sms().isEmpty());
    }
}
