package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS_CODE;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.OLIVIA_CODE;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.STRANGER_NATIONAL;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/** SPEC §6: what the display (and the audit log) may show of numbers and codes. */
class MaskingTest {

    private final MemoryKiosk k = TestBox.kiosk();

    private String entryLine() {
        return k.frame().line(2).strip();
    }

    @Test
    void whileTypingOnlyTheDigitTypedLastIsVisible() {
        k.press("5");
        assertEquals("> 5", entryLine());
        k.press("5");
        assertEquals("> *5", entryLine());
        k.press("57310");
        assertEquals("> ******0", entryLine());
        k.press("042");
        assertEquals("> *********2", entryLine());
    }

    @Test
    void afterADeleteNothingIsVisible() {
        k.press("5557");
        k.press("*");
        assertEquals("> ***", entryLine());
        k.press("*");
        assertEquals("> **", entryLine());
        k.press("8");
        assertEquals("> **8", entryLine());
    }

    @Test
    void anAccountCodeIsMaskedTheSameWay() {
        for (int i = 1; i <= OLIVIA_CODE.length(); i++) {
            k.press(OLIVIA_CODE.substring(i - 1, i));
            assertEquals("> " + "*".repeat(i - 1) + OLIVIA_CODE.charAt(i - 1), entryLine());
        }
    }

    @Test
    void afterIdentificationAtMostTheLastFourDigitsOfTheMobileAreShown() {
        MemoryKiosk.Mark m = k.mark();
        k.press(GUS_NATIONAL + "#");
        assertTrue(k.shows("***0042"), k.display());
        k.press("#");
        k.press(k.lastCode() + "#");
        k.take(SLOT_4B);
        for (Frame f : k.framesSince(m)) {
            assertFalse(f.joined().contains("10042"), f.joined());
            assertFalse(f.joined().contains(GUS_NATIONAL.substring(0, 4)), f.joined());
        }
    }

    @Test
    void noFrameAndNoAuditFieldCarriesACodeAnAccountCodeOrAFullMobile() {
        k.press(GUS_CODE + "#");
        k.press("123456#");
        k.press(k.lastCode() + "#");
        k.take(SLOT_4B);
        k.advance(60);
        k.press(STRANGER_NATIONAL + "#");
        k.press("1" + STRANGER_NATIONAL + "#");
        k.press("99887766#");
        k.press(OLIVIA_CODE + "#");
        k.press("*");
        List<String> secrets = new ArrayList<>(TestBox.secrets(k));
        secrets.add(STRANGER_NATIONAL.substring(5));
        secrets.add("99887766");
        TestBox.assertNothingLeaks(k.frames(), k.audits(), secrets);
    }
}
