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
import org.smartbox.cache.User;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.TestBox;

/**
 * Issue 13 holes 1 and 2 (SPEC §7): a technician is not a key holder. The latch test releases only
 * a slot the box believes empty; a key that moves during a test is tamper, named with the
 * technician; and a technician deleted, demoted, or whose login2fa was turned ON after a login
 * without a code, loses the menu at the next key press.
 */
class TechnicianIsNotAKeyHolderTest {

    /** Tara with login2fa OFF (as Tom in the demo data), in the service menu. */
    private static MemoryKiosk inMenu(MemoryRecords cache) {
        MemoryKiosk k = TestBox.kiosk(cache.security(TARA, false, true, true));
        k.press(TARA_CODE + "#");
        assertTrue(k.shows("Service *=exit"), k.display());
        return k;
    }

    // ---- hole 1 ----

    @Test
    void latchTestOfASlotHoldingAGuestsKeyReleasesNothing() {
        MemoryKiosk k = inMenu(TestBox.cache());
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
        MemoryRecords cache = TestBox.cache();
        cache.sensor(SLOT_4B, false);
        MemoryKiosk k = inMenu(cache);
        k.press("1" + SLOT_4B + "#");
        assertEquals(List.of(), k.releases());
        assertTrue(k.shows("Slot 3 holds a key"), k.display());
    }

    @Test
    void latchTestOfAnEmptySlotStillWorks() {
        MemoryKiosk k = inMenu(TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS));
        k.press("19#");
        assertEquals(List.of(9), k.releases());
        k.advance(1);
        assertEquals(List.of(9), k.holds());
    }

    @Test
    void aKeyLeavingItsSlotDuringAnyTestIsTamperWithTheTechniciansId() {
        MemoryKiosk k = inMenu(TestBox.cache());
        k.press("4");
        k.take(SLOT_4B);
        AuditEvent tamper = k.last(AuditType.TAMPER);
        assertEquals(TARA, tamper.field("user"));
        assertEquals("removed", tamper.field("change"));
        // The key is out with nobody: the technician holds nothing.
        assertFalse(k.cache().keyState(KEY_4B).heldBy(TARA));
    }

    // ---- hole 2 ----

    @Test
    void aTechnicianDeletedMidSessionIsLoggedOutAtTheNextKey() {
        MemoryKiosk k = inMenu(TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS));
        k.cache().removeUser(TARA);
        k.press("1");
        assertRevoked(k, "technician_deleted");
    }

    @Test
    void aTechnicianNoLongerATechnicianIsLoggedOutAtTheNextKey() {
        MemoryKiosk k = inMenu(TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS));
        k.press("1");
        User tara = k.cache().user(TARA).orElseThrow();
        k.cache().user(new User(TARA, tara.name(), tara.mobile(), false, tara.security(), false));
        k.press("9#");
        assertRevoked(k, "not_technician");
    }

    @Test
    void login2faTurnedOnAfterALoginWithoutACodeEndsTheSession() {
        MemoryKiosk k = inMenu(TestBox.cache());
        k.press("2");
        k.cache().security(TARA, true, true, true);
        k.press("*");
        assertRevoked(k, "login2fa_on");
    }

    @Test
    void login2faTurnedOnAfterALoginWithACodeKeepsTheSession() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache());
        k.press(TARA_CODE + "#");
        k.press(k.lastCode() + "#");
        assertTrue(k.shows("Service *=exit"), k.display());
        k.cache().security(TARA, true, true, true);
        k.press("2");
        assertEquals(0, k.count(AuditType.DENIED));
        assertTrue(k.shows("Sensors"), k.display());
    }

    @Test
    void aTechnicianDeletedWhileTheirCodeIsOnItsWayGetsNoMenu() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache());
        k.press(TARA_CODE + "#");
        String code = k.lastCode();
        k.cache().removeUser(TARA);
        k.press(code + "#");
        assertFalse(k.shows("Service"), k.display());
        assertEquals(0, k.count(AuditType.SERVICE_LOGIN));
        assertEquals("technician_deleted", k.last(AuditType.SERVICE_LOGIN_FAILED).field("reason"));
    }

    private static void assertRevoked(MemoryKiosk k, String reason) {
        assertEquals(List.of(), k.releases(), "a removed technician released a latch");
        assertTrue(k.shows("Service ended"), k.display());
        AuditEvent denied = k.last(AuditType.DENIED);
        assertEquals(TARA, denied.field("user"));
        assertEquals(reason, denied.field("reason"));
        k.press("19#");
        assertEquals(List.of(), k.releases());
    }
}
