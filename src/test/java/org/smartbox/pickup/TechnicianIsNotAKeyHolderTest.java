package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.KEY_4B;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.TARA;
import static org.smartbox.testing.TestBox.TARA_CODE;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.testing.Kiosk;
import org.smartbox.testing.MemoryCache;
import org.smartbox.testing.TestBox;

/**
 * Issue 13 holes 1 and 2 (SPEC §7): a technician is not a key holder. The latch test releases only
 * a slot the box believes empty; a key that moves during a test is tamper, named with the
 * technician; and a technician deleted, demoted, or whose login2fa was turned ON after a login
 * without a code, loses the menu at the next key press.
 */
class TechnicianIsNotAKeyHolderTest {

    /** Tara with login2fa OFF (as Tom in the demo data), in the service menu. */
    private static Kiosk inMenu(MemoryCache cache) {
        Kiosk k = TestBox.kiosk(cache.security(TARA, false, true, true));
        k.press(TARA_CODE + "#");
        assertTrue(k.shows("Service *=exit"), k.display());
        return k;
    }

    // ---- hole 1 ----

    @Test
    void latchTestOfASlotHoldingAGuestsKeyReleasesNothing() {
        Kiosk k = inMenu(TestBox.cache());
        k.press("1" + SLOT_4B + "#");
        assertEquals(List.of(), k.releases(), "a technician's latch test released a guest's key");
        assertTrue(k.shows("Slot 3 holds a key"), k.display());
        AuditEvent refused = k.last(AuditType.DIAG);
        assertEquals(TARA, refused.field("user"));
        assertEquals("key_in_slot", refused.field("refused"));
        assertEquals("3", refused.field("slot"));
        // Nothing to take: pulling at the held latch is tamper, named with the technician.
        k.take(SLOT_4B);
        AuditEvent tamper = k.last(AuditType.TAMPER);
        assertEquals(TARA, tamper.field("user"));
        assertEquals(KEY_4B, tamper.field("key"));
        assertEquals("removed", tamper.field("change"));
        assertEquals(0, k.count(AuditType.PICKUP));
    }

    @Test
    void latchTestOfASlotTheCacheSaysHoldsAKeyReleasesNothingEvenWithItsSensorEmpty() {
        MemoryCache cache = TestBox.cache();
        cache.sensor(SLOT_4B, false);
        Kiosk k = inMenu(cache);
        k.press("1" + SLOT_4B + "#");
        assertEquals(List.of(), k.releases());
        assertTrue(k.shows("Slot 3 holds a key"), k.display());
    }

    @Test
    void latchTestOfAnEmptySlotStillWorks() {
        Kiosk k = inMenu(TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS));
        k.press("19#");
        assertEquals(List.of(9), k.releases());
        k.advance(1);
        assertEquals(List.of(9), k.holds());
    }

    @Test
    void aKeyLeavingItsSlotDuringAnyTestIsTamperWithTheTechniciansId() {
        Kiosk k = inMenu(TestBox.cache());
        k.press("4");
        k.take(SLOT_4B);
        AuditEvent tamper = k.last(AuditType.TAMPER);
        assertEquals(TARA, tamper.field("user"));
        assertEquals("removed", tamper.field("change"));
        // The key is out with nobody: the technician holds nothing.
        assertFalse(k.cache().keyState(KEY_4B).heldBy(TARA));
    }
}
