package org.smartbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.smartbox.pickup.Frame;

/** The I2C floor the display benchmark compares against: characters plus the cursor moves a change cannot avoid. */
class DisplayFloorTest {

    private static final String TITLE = "  SmartBox SB-DEMO";

    private static Frame typed(String entry) {
        return Frame.of(TITLE, "Mobile # or code", "> " + entry, "*=delete #=done");
    }

    @Test
    void aDigitTypedUnderSpec6MaskingCostsOneMoveAndTwoCharacters() {
        Frame before = typed("*5");
        Frame after = typed("**6");
        // The cursor stands just past the "5" the last change drew.
        int cursor = DisplayBytes.cursorAfter(typed("5"), before, -1);
        assertEquals(2, DisplayBytes.changedCells(before, after));
        assertEquals(1, DisplayBytes.moves(before, after, cursor), "the masked digit lies behind the cursor");
        DisplayBytes.Change change = new DisplayBytes.Change("digit", true, 2, 1, 14, 1);
        assertEquals(12, change.minimum(), "one set-address command and two characters, 4 bytes each");
        assertEquals(14.0 / 12, change.ratio(), 1e-9);
    }

    @Test
    void aRunThatStartsAtTheCursorNeedsNoMove() {
        Frame before = typed("");
        Frame after = typed("5");
        // The third row fills DDRAM 0x14-0x27: its third cell is position 22, where the cursor waits.
        assertEquals(0, DisplayBytes.moves(before, after, 22));
        assertEquals(1, DisplayBytes.moves(before, after, 0));
        assertEquals(23, DisplayBytes.cursorAfter(before, after, 0));
    }
}
