package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.smartbox.pickup.EntryField.Outcome;

/** The one way digits are collected: what each key does to an entry, on each kind of field. */
class EntryFieldTest {

    private static Entry typed(String digits) {
        Entry entry = Entry.EMPTY;
        for (char c : digits.toCharArray()) {
            entry = entry.type(c, 99);
        }
        return entry;
    }

    @Test
    void anOverLongNumberKeepsOneDigitTooManySoItStaysInvalid() {
        EntryField.Press press = EntryField.IDENTITY.press(typed("1234567890123456"), '7');
        assertEquals(Outcome.EDITED, press.outcome());
        assertEquals(16, press.entry().length(), "the 17th digit is dropped, the 16th kept");
        assertEquals(Outcome.ENTERED, EntryField.IDENTITY.press(press.entry(), '#').outcome());
    }

    @Test
    void starDeletesTheLastDigitAndGoesBackOnlyFromAnEmptyEntry() {
        EntryField.Press deleted = EntryField.NUMBER.press(typed("12"), '*');
        assertEquals(Outcome.EDITED, deleted.outcome());
        assertEquals("1", deleted.digits());
        assertEquals("*", deleted.entry().masked(), "after a delete no digit is shown");
        assertEquals(Outcome.BACK, EntryField.NUMBER.press(Entry.EMPTY, '*').outcome());
    }

    @Test
    void aCodeIsEnteredOnlyWithAllSixDigitsAndAShortOneIsCleared() {
        EntryField.Press shortCode = EntryField.CODE.press(typed("12345"), '#');
        assertEquals(Outcome.TOO_SHORT, shortCode.outcome());
        assertEquals(Entry.EMPTY, shortCode.entry());
        assertEquals(Outcome.ENTERED, EntryField.CODE.press(typed("123456"), '#').outcome());
        assertEquals("123456", EntryField.CODE.press(typed("123456"), '7').digits(), "a seventh digit is not kept");
    }

    @Test
    void hashOnNothingAndForeignKeysAreTheirOwnOutcomes() {
        assertEquals(Outcome.END_EMPTY, EntryField.IDENTITY.press(Entry.EMPTY, '#').outcome());
        EntryField.Press letter = EntryField.IDENTITY.press(typed("12"), 'A');
        assertEquals(Outcome.OTHER, letter.outcome());
        assertEquals("12", letter.digits(), "a key that is not on the field leaves the entry as it was");
    }
}
