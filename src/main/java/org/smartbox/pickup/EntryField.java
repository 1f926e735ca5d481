package org.smartbox.pickup;

/**
 * How a screen collects digits from the keypad: up to {@code maxDigits} are kept (one more than the
 * longest valid entry, where an over-long entry must stay invalid instead of being cut to a valid
 * one), {@code #} ends the entry, {@code *} deletes the last digit or, on an empty entry, goes
 * back. The entry is shown masked ({@link Entry#masked}). Every screen that reads digits asks its
 * field what a key did and decides only what that means for it.
 */
record EntryField(int minDigits, int maxDigits) {

    static final char END = '#';
    static final char BACK = '*';

    /** Mobile number (up to 15 digits) or account code; one extra digit keeps an over-long entry invalid. */
    static final EntryField IDENTITY = new EntryField(1, 16);
    /** A one-time code: exactly 6 digits. */
    static final EntryField CODE = new EntryField(6, 6);
    /** A list item or a slot number. */
    static final EntryField NUMBER = new EntryField(1, 3);

    /** What a key did to the entry. */
    enum Outcome {
        /** A digit was added (or ignored at the limit), or the last one deleted. */
        EDITED,
        /** {@code *} on an empty entry: the person goes back. */
        BACK,
        /** {@code #} on an empty entry. */
        END_EMPTY,
        /** {@code #} with fewer than {@code minDigits}: the entry is cleared. */
        TOO_SHORT,
        /** {@code #} with enough digits: {@link Press#digits} holds them. */
        ENTERED,
        /** A key that is neither a digit, {@code *} nor {@code #}. */
        OTHER
    }

    /** The outcome and the entry after the key. */
    record Press(Outcome outcome, Entry entry) {
        String digits() {
            return entry.digits();
        }
    }

    Press press(Entry entry, char key) {
        if (Character.isDigit(key)) {
            return new Press(Outcome.EDITED, entry.type(key, maxDigits));
        } else if (key == BACK) {
            return entry.isEmpty() ? new Press(Outcome.BACK, entry) : new Press(Outcome.EDITED, entry.deleteLast());
        } else if (key == END) {
            if (entry.isEmpty()) {
                return new Press(Outcome.END_EMPTY, entry);
            }
            return entry.length() < minDigits ? new Press(Outcome.TOO_SHORT, Entry.EMPTY)
                    : new Press(Outcome.ENTERED, entry);
        }
        return new Press(Outcome.OTHER, entry);
    }
}
