package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.STRANGER_NATIONAL;
import static org.smartbox.testing.TestBox.TARA;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.TestBox;

/** The 20x4 display: every frame fits it, and nothing synced from the cloud can break one. */
class FrameTest {

    private static final String NASTY = "Flat|7\tB\u0007\nX\u001b[2J" + "\uD83D\uDD11" + " and a very long tail";

    static void assertFits(Frame f) {
        assertEquals(4, f.lines().size());
        for (String line : f.lines()) {
            assertEquals(20, line.length(), "line of " + line.length() + ": [" + line + "]");
            assertFalse(line.contains("|"), line);
            for (char c : line.toCharArray()) {
                assertFalse(Character.isISOControl(c) || Character.isSurrogate(c), "bad char in [" + line + "]");
            }
        }
        assertEquals(3, f.joined().chars().filter(c -> c == '|').count());
    }

    @Test
    void everyFrameOfEveryScreenIsFourLinesOfTwentyCharactersWithoutPipe() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, true, false, true).security(TARA, false, true, true)
                .key("k-n", OLIVIA, NASTY, 2)
                .key("k-l", OLIVIA, "A label far longer than twenty characters", 4)
                .keyOutWith("k-o", OLIVIA, "Out|with Gus", 5, TestBox.GUS)
                .key("k-e", OLIVIA, "", 6);
        MemoryKiosk k = TestBox.kiosk(cache);
        Set<Class<?>> screens = new HashSet<>();
        k.observe((before, event, at, after, effects) -> screens.add(after.screen().getClass()));
        k.press("123456789012345678#");
        k.press(OLIVIA_NATIONAL + "#");
        k.press("#");
        k.press("9#");
        k.press("1#");
        k.advance(30);
        k.press(OLIVIA_NATIONAL + "#" + "3#");
        k.advance(40);
        k.press(GUS_NATIONAL + "#");
        k.press("12***");
        k.press(TARA_NATIONAL + "#");
        k.press("2#*3##*4ABCD0123456789#*#*#**5x");
        k.press("17#");
        k.advance(1);
        k.press("*1*0");
        for (int i = 0; i < 5; i++) {
            k.press(STRANGER_NATIONAL + "#");
        }
        k.advance(30);
        k.handle(new Event.Fault("Database|unreadable\u0000 and more text"));
        k.handle(new Event.FaultCleared());
        k.frames().forEach(FrameTest::assertFits);
        // The walk went through every kind of screen there is.
        assertEquals(Set.of(Screen.Home.class, Screen.Verify.class, Screen.Choose.class, Screen.Releasing.class,
                Screen.ServiceMenu.class, Screen.SlotPrompt.class, Screen.LatchTest.class, Screen.InfoPages.class,
                Screen.KeypadTest.class, Screen.DisplayTest.class, Screen.Locked.class, Screen.OutOfService.class),
                screens);
    }

    @Test
    void labelsWithPipeOrControlCharactersAreSanitized() {
        MemoryRecords cache = new MemoryRecords("SB-TEST").user(OLIVIA, "+15557310041")
                .security(OLIVIA, true, false, true)
                .key("k-n", OLIVIA, "Flat|7\tB\u0007\nX", 2);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        assertEquals("Flat/7 B? X", k.frame().line(1).strip());
        assertFits(k.frame());
    }

    @Test
    void longLinesAreCutAndShortOnesPadded() {
        Frame f = Frame.of("123456789012345678901234", "x");
        assertEquals("12345678901234567890", f.line(0));
        assertEquals("x" + " ".repeat(19), f.line(1));
        assertEquals(" ".repeat(20), f.line(3));
        new Frame(null, null, null, null).lines().forEach(line -> assertEquals(" ".repeat(20), line));
    }

    @Test
    void aFrameHasAtMostFourLines() {
        assertThrows(IllegalArgumentException.class, () -> Frame.of("1", "2", "3", "4", "5"));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneStandIn() {
        Frame f = Frame.of("key \uD83D\uDD11\uFE0F!", "\uD83D\uDC68\u200D\uD83D\uDC69 x");
        assertEquals("key ?!", f.line(0).strip());
        assertEquals("?? x", f.line(1).strip());
    }

    @Test
    void cloudTextKeepsOnlyWhatTheLcdRomCanShow() {
        // Issue 14.7: bidi overrides, line separators and zero-width characters reached the screen.
        assertEquals("Unit 4B", Frame.of("\u202EUnit\u200B 4B\u202C").line(0).strip());
        assertEquals("Tara Tech", Frame.of("Tara\u2028Tech").line(0).strip());
        assertEquals("Flat 7 B", Frame.of("Flat\u20297\u00A0B\u2060\uFEFF\u00AD").line(0).strip());
        assertEquals("Cafe Müller", Frame.of("Cafe\u0301 Mu\u0308ller").line(0).strip(), "combined, then mapped");
        assertEquals("Unit 4B fi 1/2", Frame.of("\uFF35\uFF4E\uFF49\uFF54 4B \uFB01 \u00BD").line(0).strip());
        assertEquals("/a/ -", Frame.of("\\a| ~").line(0).strip(), "what the ROM draws otherwise");
        assertEquals("???? 5", Frame.of("\u05E9\u05DC\u0627\u0644 \u0665").line(0).strip(), "other scripts");
        for (String line : Frame.of("\u202E\u200F\u061C\u2066x\u2069", "\u0000\u001b[2J", "\uD800 lone",
                "\u0085\u000B\u000C").lines()) {
            assertEquals(20, line.length());
            line.chars().forEach(c -> assertTrue(c >= 0x20 && c <= 0x7D && c != '\\' && c != '|'
                    || DisplayCharset.ROM_LETTERS.indexOf(c) >= 0, "cell " + Integer.toHexString(c) + " in ["
                    + line + "]"));
        }
    }
}
