package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.ACCESS_GUS;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.KEY_4B;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.cache.KeyState;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.TestBox;

/** SPEC §8: a latch opens for one pickup or return, the key sensor completes it, time closes it. */
class LatchAndSensorTest {

    /** Gus at the box with his code typed: slot 3 is released for his pickup. */
    private static MemoryKiosk gusPickingUp(MemoryRecords cache) {
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        assertEquals(Set.of(SLOT_4B), k.openLatches());
        return k;
    }

    private static List<Effect> effectsOf(MemoryKiosk k, Class<? extends Effect> type) {
        return k.effects().stream().filter(type::isInstance).toList();
    }

    @Test
    void pickupReleasesTheLatchAndSaysWhichSlot() {
        MemoryKiosk k = gusPickingUp(TestBox.cache());
        assertTrue(k.shows("Take key from slot 3"), k.display());
    }

    @Test
    void theSensorGoingEmptyCompletesThePickup() {
        MemoryRecords cache = TestBox.cache();
        MemoryKiosk k = gusPickingUp(cache);
        k.take(SLOT_4B);
        assertTrue(k.openLatches().isEmpty());
        assertEquals(List.of(SLOT_4B), k.holds());
        assertEquals(List.of(new Effect.KeyOut(KEY_4B, GUS, ACCESS_GUS)), effectsOf(k, Effect.KeyOut.class));
        AuditEvent pickup = k.last(AuditType.PICKUP);
        assertEquals(GUS, pickup.field("user"));
        assertEquals(KEY_4B, pickup.field("key"));
        assertEquals("3", pickup.field("slot"));
        assertEquals("SMS", pickup.field("factor"));
        assertEquals(KeyState.outWith(GUS), cache.keyState(KEY_4B));
        assertEquals(1, cache.access(ACCESS_GUS).orElseThrow().pickupsUsed());
        assertFalse(k.shows("Take key"));
    }

    @Test
    void theOwnersPickupUsesUpNoAccess() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, true, false, true);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        k.take(SLOT_4B);
        assertEquals(List.of(new Effect.KeyOut(KEY_4B, OLIVIA, null)), effectsOf(k, Effect.KeyOut.class));
        assertNull(k.last(AuditType.PICKUP).field("access"));
        assertEquals(0, cache.access(ACCESS_GUS).orElseThrow().pickupsUsed());
    }

    @Test
    void nothingTakenWithin30SecondsClosesTheSlotAndConsumesNothing() {
        MemoryRecords cache = TestBox.cache();
        MemoryKiosk k = gusPickingUp(cache);
        k.advance(29);
        assertEquals(Set.of(SLOT_4B), k.openLatches());
        k.advance(1);
        assertTrue(k.openLatches().isEmpty());
        AuditEvent notTaken = k.last(AuditType.PICKUP_NOT_TAKEN);
        assertEquals(GUS, notTaken.field("user"));
        assertEquals(KEY_4B, notTaken.field("key"));
        assertEquals("3", notTaken.field("slot"));
        assertEquals(0, k.count(AuditType.PICKUP));
        assertTrue(effectsOf(k, Effect.KeyOut.class).isEmpty());
        assertEquals(0, cache.access(ACCESS_GUS).orElseThrow().pickupsUsed());
        assertEquals(KeyState.IN, cache.keyState(KEY_4B));
    }

    @Test
    void aKeyTakenAfterTheSlotClosedIsTamperNotAPickup() {
        MemoryKiosk k = gusPickingUp(TestBox.cache());
        k.advance(30);
        k.take(SLOT_4B);
        assertEquals(0, k.count(AuditType.PICKUP));
        assertEquals("removed", k.last(AuditType.TAMPER).field("change"));
    }

    @Test
    void theLastPickupOfAnAccessUsesItUp() {
        MemoryRecords cache = TestBox.cache().revoke(ACCESS_GUS)
                .access("a-once", KEY_4B, GUS, MemoryKiosk.START.minusSeconds(60), MemoryKiosk.START.plus(Duration.ofDays(1)), 1);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        k.take(SLOT_4B);
        k.press(GUS_NATIONAL + "##");
        k.put(SLOT_4B);
        assertEquals(1, k.count(AuditType.RETURN));
        k.press(GUS_NATIONAL + "#");
        assertEquals("nothing_to_do", k.last(AuditType.IDENTIFY_FAILED).field("reason"));
        assertEquals(2, k.releases().size());
    }

    /** Gus, asked no code, identifies {@code seconds} after start with an access for [100 s, 200 s). */
    private static boolean gusGetsTheKeyAt(long seconds) {
        MemoryRecords cache = TestBox.cache().revoke(ACCESS_GUS).security(OLIVIA, true, true, false)
                .access("a-win", KEY_4B, GUS, MemoryKiosk.START.plusSeconds(100), MemoryKiosk.START.plusSeconds(200), null);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.advance(seconds);
        k.press(GUS_NATIONAL + "#");
        return !k.releases().isEmpty();
    }

    @Test
    void anAccessIsUsableFromItsStartUntilJustBeforeItsEnd() {
        assertFalse(gusGetsTheKeyAt(99));
        assertTrue(gusGetsTheKeyAt(100));
        assertTrue(gusGetsTheKeyAt(199));
        assertFalse(gusGetsTheKeyAt(200));
    }

    @Test
    void returnReleasesTheKeysOwnSlotAndTheSensorCompletesIt() {
        MemoryRecords cache = TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS).revoke(ACCESS_GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "##");
        assertEquals(Set.of(9), k.openLatches());
        assertTrue(k.shows("Put key in slot 9"), k.display());
        k.put(9);
        assertTrue(k.openLatches().isEmpty());
        assertEquals(List.of(9), k.holds());
        assertEquals(List.of(new Effect.KeyIn("k-9")), effectsOf(k, Effect.KeyIn.class));
        AuditEvent ret = k.last(AuditType.RETURN);
        assertEquals(GUS, ret.field("user"));
        assertEquals("k-9", ret.field("key"));
        assertEquals("9", ret.field("slot"));
        assertEquals(KeyState.IN, cache.keyState("k-9"));
    }

    @Test
    void nothingPutBackWithin40SecondsAbandonsTheReturn() {
        MemoryRecords cache = TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS).revoke(ACCESS_GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "##");
        k.advance(39);
        assertEquals(Set.of(9), k.openLatches());
        k.advance(1);
        assertTrue(k.openLatches().isEmpty());
        AuditEvent abandoned = k.last(AuditType.RETURN_ABANDONED);
        assertEquals(GUS, abandoned.field("user"));
        assertEquals("k-9", abandoned.field("key"));
        assertEquals("9", abandoned.field("slot"));
        assertEquals(KeyState.outWith(GUS), cache.keyState("k-9"));
        assertTrue(effectsOf(k, Effect.KeyIn.class).isEmpty());
    }

    @Test
    void neverTwoLatchesReleasedAtOnce() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, true, false, false)
                .key("k-5", OLIVIA, "Unit 5", 5)
                .keyOutWith("k-9", OLIVIA, "Unit 9", 9, OLIVIA);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        k.press("1#");
        assertEquals(Set.of(SLOT_4B), k.openLatches());
        // Everything that might open another latch while this one is open:
        k.press("2#3#" + OLIVIA_NATIONAL + "#");
        k.appUnlock("g-1", OLIVIA, "k-5");
        k.take(5);
        k.put(9);
        assertEquals(Set.of(SLOT_4B), k.openLatches());
        assertEquals("box_busy", k.last(AuditType.GRANT_REJECTED).field("reason"));
        k.take(SLOT_4B);
        assertEquals(1, k.mostOpenAtOnce());
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void aKeyRemovedFromAHeldSlotIsTamper() {
        MemoryRecords cache = TestBox.cache();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.take(SLOT_4B);
        AuditEvent tamper = k.last(AuditType.TAMPER);
        assertEquals("3", tamper.field("slot"));
        assertEquals(KEY_4B, tamper.field("key"));
        assertEquals("removed", tamper.field("change"));
        assertEquals(KeyState.outWith(null), cache.keyState(KEY_4B));
        assertTrue(k.releases().isEmpty());
        k.put(SLOT_4B);
        assertEquals("inserted", k.last(AuditType.TAMPER).field("change"));
        assertEquals(KeyState.IN, cache.keyState(KEY_4B));
        // Issue 19: a key put in with no return under way is TAMPER, and the screen says how to return.
        assertEquals(List.of("Slot 3: no return", "Start a return first"),
                List.of(k.frame().line(1).strip(), k.frame().line(2).strip()), k.display());
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void aKeyRemovedFromAnotherSlotDuringAPickupIsTamper() {
        MemoryRecords cache = TestBox.cache().key("k-5", OLIVIA, "Unit 5", 5);
        MemoryKiosk k = gusPickingUp(cache);
        k.take(5);
        assertEquals("5", k.last(AuditType.TAMPER).field("slot"));
        assertEquals(Set.of(SLOT_4B), k.openLatches(), "Gus's pickup goes on");
        k.take(SLOT_4B);
        assertEquals(GUS, k.last(AuditType.PICKUP).field("user"));
    }

    @Test
    void pushingAKeyBackIntoThePickupSlotDoesNotCompleteIt() {
        MemoryKiosk k = gusPickingUp(TestBox.cache());
        k.take(SLOT_4B);
        k.put(SLOT_4B);
        assertEquals(1, k.count(AuditType.PICKUP));
        assertEquals("inserted", k.last(AuditType.TAMPER).field("change"));
    }
}
