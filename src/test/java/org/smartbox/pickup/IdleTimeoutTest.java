package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.TARA;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.TestBox;

/** SPEC §6: idle 60 s on any screen returns home; a session that ends so is audited. */
class IdleTimeoutTest {

    private static boolean atHome(MemoryKiosk k) {
        return k.frame().line(1).strip().equals("Mobile # or code") && k.frame().line(2).strip().equals("then press #");
    }

    @Test
    void aHalfTypedEntryIsClearedAfter60IdleSeconds() {
        MemoryKiosk k = TestBox.kiosk();
        k.press("555");
        k.advance(59);
        assertTrue(k.shows("> **5"), k.display());
        k.advance(1);
        assertTrue(atHome(k), k.display());
        assertTrue(k.audits().isEmpty(), "no session, nothing to audit");
        k.press("7310041#");
        assertTrue(k.sms().isEmpty(), "the old digits are gone: these 7 alone are nobody's");
        assertEquals("code", k.last(AuditType.IDENTIFY_FAILED).field("entry"));
    }

    @Test
    void everyKeyRestartsTheIdleTime() {
        MemoryKiosk k = TestBox.kiosk();
        for (int i = 0; i < 5; i++) {
            k.press("5");
            k.advance(59);
        }
        assertTrue(k.shows("> ****5"), k.display());
    }

    @Test
    void aNoticeAtHomeGoesAfter60Seconds() {
        MemoryKiosk k = TestBox.kiosk();
        k.press("12#");
        assertTrue(k.shows("Invalid entry"));
        k.advance(60);
        assertTrue(atHome(k), k.display());
        assertFalse(k.shows("Invalid"));
    }

    @Test
    void theListOfKeysTimesOutWithSessionTimeout() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, true, false, true).key("k-2", OLIVIA, "Unit 2", 2);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        k.advance(59);
        k.press("#");
        k.advance(59);
        assertTrue(k.shows("Unit 2"), "a key press restarted the idle time: " + k.display());
        k.advance(1);
        assertTrue(atHome(k), k.display());
        AuditEvent timeout = k.last(AuditType.SESSION_TIMEOUT);
        assertEquals(OLIVIA, timeout.field("user"));
        k.press("1#");
        assertTrue(k.releases().isEmpty());
    }

    /** Tara, logged in without a code, on the service screen reached with {@code keys}. */
    @ParameterizedTest
    @ValueSource(strings = {"", "1", "12", "2", "3", "4", "47", "5"})
    void everyServiceScreenTimesOutWithSessionTimeout(String keys) {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(TARA, false, true, true));
        k.press(TARA_NATIONAL + "#");
        k.press(keys);
        Frame there = k.frame();
        k.advance(59);
        assertEquals(there, k.frame());
        k.advance(1);
        assertTrue(atHome(k), k.display());
        assertEquals(TARA, k.last(AuditType.SESSION_TIMEOUT).field("user"));
        k.press("1");
        assertTrue(k.releases().isEmpty(), "the service menu is gone");
    }
}
