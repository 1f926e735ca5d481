package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.ACCESS_GUS;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.KEY_4B;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.SLOT_4B;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/**
 * Issue 13 hole 7 (sync-format.md, app unlock grant): a grant opened a slot with nobody at the box.
 * An accepted grant is offered on the display; the slot is released only when {@code #} is pressed
 * on that offer. {@code *}, 60 s or the end of the grant's window cancel it, and the grant stays
 * unused (used up only by the release).
 */
class GrantOfferTest {

    @Test
    void anAcceptedGrantReleasesNothingUntilHashIsPressedOnItsOffer() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-1", OLIVIA, KEY_4B);
        assertEquals(List.of(), k.releases(), "a grant opened a slot with nobody at the box");
        assertEquals(List.of(), k.usedGrants());
        assertTrue(k.frame().line(0).startsWith("App unlock") && k.frame().line(1).startsWith("Unit 4B"), k.display());
        assertTrue(k.shows("# to open"), k.display());
        assertEquals("g-1", k.last(AuditType.GRANT_OFFERED).field("grant"));
        k.press("5");
        assertEquals(List.of(), k.releases(), "only # opens");
        k.press("#");
        assertEquals(List.of(SLOT_4B), k.releases());
        assertEquals(List.of("g-1"), k.usedGrants());
        assertTrue(k.shows("Take key from slot 3"), k.display());
        k.take(SLOT_4B);
        assertEquals("APP", k.last(AuditType.PICKUP).field("factor"));
    }

    @Test
    void starCancelsTheOfferAndTheGrantStaysUnused() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-2", OLIVIA, KEY_4B).press("*");
        assertCancelled(k, "g-2", "cancelled");
        k.press("#");
        assertEquals(List.of(), k.releases());
    }

    @Test
    void theOfferEndsUnusedAfterSixtySeconds() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-3", OLIVIA, KEY_4B, k.wall().plusSeconds(240));
        k.advance(59);
        assertTrue(k.shows("App unlock"), k.display());
        k.advance(1);
        assertCancelled(k, "g-3", "timeout");
        k.press("#");
        assertEquals(List.of(), k.releases());
    }

    @Test
    void theOfferEndsUnusedWithTheGrantsWindow() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-4", OLIVIA, KEY_4B, k.wall().plusSeconds(20));
        k.advance(20);
        assertCancelled(k, "g-4", "expired");
    }

    @Test
    void theSameGrantIsOfferedAgainAfterACancelAndThenUsedOnce() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-5", GUS, KEY_4B).press("*");
        k.appUnlock("g-5", GUS, KEY_4B).press("#");
        assertEquals(List.of(SLOT_4B), k.releases());
        assertEquals(List.of("g-5"), k.usedGrants());
        k.take(SLOT_4B);
        assertEquals(1, k.cache().access(ACCESS_GUS).orElseThrow().pickupsUsed());
    }

    @Test
    void anAccessRevokedWhileOfferedReleasesNothing() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-6", GUS, KEY_4B);
        k.cache().revoke(ACCESS_GUS);
        k.press("#");
        assertEquals(List.of(), k.releases());
        assertEquals(List.of(), k.usedGrants());
        assertEquals("not_available", k.last(AuditType.DENIED).field("reason"));
    }

    @Test
    void aSecondGrantWhileOneIsOfferedIsRefusedBusy() {
        MemoryKiosk k = TestBox.kiosk();
        k.appUnlock("g-7", OLIVIA, KEY_4B);
        k.appUnlock("g-8", GUS, KEY_4B);
        assertEquals("box_busy", k.last(AuditType.GRANT_REJECTED).field("reason"));
        assertEquals(List.of(), k.usedGrants());
    }

    private static void assertCancelled(MemoryKiosk k, String grant, String reason) {
        assertEquals(List.of(), k.releases());
        assertEquals(List.of(), k.usedGrants());
        AuditEvent cancelled = k.last(AuditType.GRANT_CANCELLED);
        assertEquals(grant, cancelled.field("grant"));
        assertEquals(reason, cancelled.field("reason"));
        assertTrue(k.frame().line(0).contains("SmartBox"), k.display());
    }
}
