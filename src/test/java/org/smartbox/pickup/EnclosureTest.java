package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.TARA;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditType;
import org.smartbox.cache.Enclosure;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.TestBox;

/** The cabinet's door switch: tamper when it opens, and no service while it is open unless a technician works. */
class EnclosureTest {

    private final MemoryRecords cache = TestBox.cache().security(TARA, false, true, true);
    private final MemoryKiosk k = TestBox.kiosk(cache);

    private void door(Enclosure state) {
        cache.enclosure(state);
        k.handle(new Event.EnclosureChanged(state.open()));
    }

    @Test
    void anOpenedDoorIsTamperAndNobodyIsServedUntilItCloses() {
        door(Enclosure.OPEN_STOPS_SERVICE);
        assertEquals("enclosure", k.last(AuditType.TAMPER).field("source"));
        assertTrue(k.shows("OUT OF SERVICE") && k.shows("Service door open"), k.display());
        k.press(GUS_NATIONAL + "#");
        assertTrue(k.sms().isEmpty(), "nothing happens at the keypad");
        door(Enclosure.CLOSED);
        assertEquals("enclosure", k.last(AuditType.TAMPER_CLEARED).field("source"));
        assertTrue(k.shows("Mobile # or code"), k.display());
        k.press(GUS_NATIONAL + "#");
        assertEquals(1, k.sms().size(), "serving again");
    }

    @Test
    void aDoorOpenedWhileALatchIsReleasedHoldsIt() {
        cache.security(TestBox.OLIVIA, true, true, false);
        k.press(GUS_NATIONAL + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        door(Enclosure.OPEN_STOPS_SERVICE);
        assertEquals(List.of(SLOT_4B), k.holds());
        assertTrue(k.shows("Service door open"), k.display());
    }

    @Test
    void aTechnicianInTheMenuSeesTheOpenDoorAndTheBoxStopsWhenHeLeaves() {
        k.press(TARA_NATIONAL + "#");
        assertTrue(k.shows("Service *=exit Tara"), k.display());
        door(Enclosure.OPEN_STOPS_SERVICE);
        assertEquals(TARA, k.last(AuditType.TAMPER).field("user"));
        assertTrue(k.shows("Service door open") && k.shows("1 Latch"), "still the menu: " + k.display());
        k.press("*");
        assertTrue(k.shows("OUT OF SERVICE"), "the session ended with the door open: " + k.display());
    }

    @Test
    void withTheDoorOnlyAuditedTheBoxKeepsServing() {
        door(Enclosure.OPEN);
        assertEquals(1, k.count(AuditType.TAMPER));
        assertFalse(k.shows("OUT OF SERVICE"), k.display());
        k.press(GUS_NATIONAL + "#");
        assertEquals(1, k.sms().size());
    }
}
