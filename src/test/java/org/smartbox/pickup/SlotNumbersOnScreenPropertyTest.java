package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.QueueCodes;

/**
 * Issue 13 hole 3: the 20-character display cut "Take key from slot 12" to "Take key from slot 1"
 * and sent the person to a held latch. On a box of 500 slots (the largest box.slots) and with labels
 * longer than a line, every screen that names a slot shows its whole number: shorter words, never
 * a shorter number.
 */
class SlotNumbersOnScreenPropertyTest {

    private static final int SLOTS = 500;
    private static final String OWNER = "u-olivia";
    private static final String OWNER_CODE = "481516";
    private static final String TECH = "u-tom";
    private static final String TECH_CODE = "808080";
    private static final SecuritySettings ALL_OFF = new SecuritySettings(false, false, false);

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.of("Penthouse north wing garage 4B", "Unit 999999999999999999999",
                "Ｕｎｉｔ　１２ Café ​bidi‮", "A");
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 2500)
    void everyScreenThatNamesASlotShowsItsWholeNumber(@ForAll @IntRange(min = 1, max = SLOTS) int slot,
                                                      @ForAll("labels") String label) {
        MemoryKiosk k = box(slot, label);

        // A technician's latch test refused: the slot holds a key.
        k.press(TECH_CODE + "#1" + slot + "#");
        assertNamesSlot(k, slot);
        k.press("**");

        // A pickup: the release screen names the slot.
        k.press(OWNER_CODE + "#");
        assertEquals(java.util.List.of(slot), k.releases());
        assertNamesSlot(k, slot);
        assertTrue(k.take(slot));

        // A return of the same key: its confirmation, then the release screen.
        k.press(OWNER_CODE + "#");
        assertNamesSlot(k, slot);
        k.press("#");
        assertNamesSlot(k, slot);
        assertTrue(k.put(slot));

        // An app grant, opened with # on its offer.
        k.appUnlock("g-" + slot, OWNER, "k-" + slot).press("#");
        assertNamesSlot(k, slot);
        assertTrue(k.take(slot));

        // The latch test of the (now empty) slot, and its result page.
        k.advance(60);
        k.press(TECH_CODE + "#1" + slot + "#");
        assertNamesSlot(k, slot);
        k.advance(1);
        assertNamesSlot(k, slot);

        // The sensors pages: page on until the slot shows, whole.
        k.press("*2");
        Pattern sensor = Pattern.compile("(?<!\\d)0*" + slot + "[K-]");
        for (int page = 0; page < SLOTS && !sensor.matcher(k.display()).find(); page++) {
            k.press("#");
        }
        assertTrue(sensor.matcher(k.display()).find(), "slot " + slot + " on no sensors page");
    }

    /** A user with more keys than one page holds pages through 167 pages: the page numbers stay whole. */
    @Example
    void theKeyListNamesItsPagesWhole() {
        MemoryRecords cache = new MemoryRecords("SB-TEST").user(OWNER, "+15550000001").accountCode(OWNER, OWNER_CODE)
                .security(OWNER, ALL_OFF);
        for (int slot = 1; slot <= SLOTS; slot++) {
            cache.key("k-" + slot, OWNER, "Long label for key number " + slot, slot);
        }
        MemoryKiosk k = new MemoryKiosk(KioskSettings.defaults("SB-TEST", SLOTS), cache, new QueueCodes("318274"),
                LockoutState.CLEAR);
        k.press(OWNER_CODE + "#");
        int pages = (SLOTS + 2) / 3;
        for (int page = 1; page <= pages; page++) {
            assertTrue(k.frame().line(0).contains(page + "/" + pages), k.display());
            k.press("#");
        }
    }

    private static MemoryKiosk box(int slot, String label) {
        MemoryRecords cache = new MemoryRecords("SB-TEST")
                .user(OWNER, "+15550000001").accountCode(OWNER, OWNER_CODE).security(OWNER, ALL_OFF)
                .technician(TECH, "+15550000008").accountCode(TECH, TECH_CODE).security(TECH, ALL_OFF)
                .key("k-" + slot, OWNER, label, slot);
        return new MemoryKiosk(KioskSettings.defaults("SB-TEST", SLOTS), cache, new QueueCodes("318274"),
                LockoutState.CLEAR);
    }

    /** The display says "slot N" (any case) with nothing cut off N. */
    static void assertNamesSlot(MemoryKiosk k, int slot) {
        assertTrue(Pattern.compile("(?i)slot " + slot + "(?!\\d)").matcher(k.display()).find(),
                "slot " + slot + " not named whole: " + k.display());
    }
}
