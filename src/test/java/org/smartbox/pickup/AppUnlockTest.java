package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.ACCESS_GUS;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.KEY_4B;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.STRANGER_NATIONAL;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.TestBox;

/**
 * SPEC §5/§8 app unlock: a verified grant is offered on the display and, when {@code #} is pressed
 * on the offer, releases the latch exactly as a keypad pickup with factor APP, once the machine has
 * checked the user may have that key now and that nobody is at the keypad.
 */
class AppUnlockTest {

    private static void assertRejected(MemoryKiosk k, String grant, String reason) {
        assertTrue(k.releases().isEmpty(), "no latch for a rejected grant");
        AuditEvent rejected = k.last(AuditType.GRANT_REJECTED);
        assertEquals(grant, rejected.field("grant"));
        assertEquals(reason, rejected.field("reason"));
    }

    @Test
    void anAppUnlockReleasesLikeAKeypadPickupWithFactorApp() {
        MemoryRecords cache = TestBox.cache();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.appUnlock("g-1", OLIVIA, KEY_4B).press("#");
        assertEquals(Set.of(SLOT_4B), k.openLatches());
        assertTrue(k.shows("Take key from slot 3"), k.display());
        assertTrue(k.sendCodes().isEmpty(), "the grant is the factor");
        k.take(SLOT_4B);
        AuditEvent pickup = k.last(AuditType.PICKUP);
        assertEquals(OLIVIA, pickup.field("user"));
        assertEquals(KEY_4B, pickup.field("key"));
        assertEquals("3", pickup.field("slot"));
        assertEquals("APP", pickup.field("factor"));
        assertTrue(cache.keyState(KEY_4B).heldBy(OLIVIA));
    }

    @Test
    void aGuestsAppUnlockUsesUpTheirAccess() {
        MemoryRecords cache = TestBox.cache();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.appUnlock("g-2", GUS, KEY_4B).press("#");
        k.take(SLOT_4B);
        assertEquals(ACCESS_GUS, k.last(AuditType.PICKUP).field("access"));
        assertEquals(1, cache.access(ACCESS_GUS).orElseThrow().pickupsUsed());
    }

    @Test
    void anAppUnlockNotTakenCloses() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-3", OLIVIA, KEY_4B).press("#");
        k.advance(30);
        assertTrue(k.openLatches().isEmpty());
        assertEquals(OLIVIA, k.last(AuditType.PICKUP_NOT_TAKEN).field("user"));
    }

    @Test
    void rejectedWhenTheUserMayNotTakeTheKey() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().revoke(ACCESS_GUS));
        k.appUnlock("g-4", GUS, KEY_4B);
        assertRejected(k, "g-4", "not_allowed");
    }

    @Test
    void rejectedWhenTheAccessHasNotStartedOrHasEnded() {
        MemoryRecords cache = TestBox.cache().revoke(ACCESS_GUS)
                .access("a-later", KEY_4B, GUS, MemoryKiosk.START.plusSeconds(3600), MemoryKiosk.START.plusSeconds(7200), null);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.appUnlock("g-5", GUS, KEY_4B);
        assertRejected(k, "g-5", "not_allowed");
        k.advance(7200);
        k.appUnlock("g-6", GUS, KEY_4B);
        assertRejected(k, "g-6", "not_allowed");
    }

    @Test
    void rejectedForAUserTheBoxDoesNotKnow() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-7", "u-nobody", KEY_4B);
        assertRejected(k, "g-7", "unknown_user");
    }

    @Test
    void rejectedForAKeyTheBoxDoesNotKnow() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-8", OLIVIA, "k-nothing");
        assertRejected(k, "g-8", "unknown_key");
    }

    @Test
    void rejectedWhenTheKeyIsNotInTheBox() {
        MemoryRecords cache = TestBox.cache();
        cache.sensor(SLOT_4B, false);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.appUnlock("g-9", OLIVIA, KEY_4B);
        assertRejected(k, "g-9", "key_not_in_box");
    }

    @Test
    void rejectedWhileSomeoneIsTypingAtTheKeypad() {
        MemoryKiosk k = TestBox.kiosk();
        k.press("555");
        k.appUnlock("g-10", OLIVIA, KEY_4B);
        assertRejected(k, "g-10", "box_busy");
        assertTrue(k.shows("> **5"), "the person typing is not disturbed: " + k.display());
    }

    @Test
    void rejectedWhileASessionIsInProgress() {
        MemoryKiosk k = TestBox.kiosk().smsFails(false);
        k.press(GUS_NATIONAL + "#");
        k.appUnlock("g-11", OLIVIA, KEY_4B);
        assertRejected(k, "g-11", "box_busy");
        // Gus's session goes on undisturbed.
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        k.appUnlock("g-12", OLIVIA, KEY_4B);
        assertEquals("box_busy", k.last(AuditType.GRANT_REJECTED).field("reason"));
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void acceptedAgainOnceTheBoxIsIdle() {
        MemoryKiosk k = TestBox.kiosk();
        k.press(STRANGER_NATIONAL + "#");
        // A notice on the home screen is not a session.
        k.appUnlock("g-13", OLIVIA, KEY_4B).press("#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void aLockedKeypadDoesNotBlockAVerifiedGrant() {
        MemoryKiosk k = TestBox.kiosk();
        for (int i = 0; i < 5; i++) {
            k.press(STRANGER_NATIONAL + "#");
        }
        assertTrue(k.shows("Keypad locked"));
        k.appUnlock("g-14", OLIVIA, KEY_4B).press("#");
        assertEquals(List.of(SLOT_4B), k.releases());
        k.take(SLOT_4B);
        assertEquals("APP", k.last(AuditType.PICKUP).field("factor"));
        assertTrue(k.shows("Keypad locked"), "still locked after the pickup: " + k.display());
    }
}
