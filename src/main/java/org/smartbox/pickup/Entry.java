package org.smartbox.pickup;

/**
 * Digits typed on the keypad. Shown masked, all but the digit typed last (like a phone's password
 * field); after a delete nothing is revealed, so deleting and retyping cannot uncover the entry.
 */
public record Entry(String digits, boolean revealLast) {

    public static final Entry EMPTY = new Entry("", false);

    public Entry type(char digit, int maxLength) {
        if (digits.length() >= maxLength) {
            return this;
        }
        return new Entry(digits + digit, true);
    }

    public Entry deleteLast() {
        return isEmpty() ? this : new Entry(digits.substring(0, digits.length() - 1), false);
    }

    public boolean isEmpty() {
        return digits.isEmpty();
    }

    public int length() {
        return digits.length();
    }

    public String masked() {
        if (isEmpty()) {
            return "";
        }
        String stars = "*".repeat(digits.length() - 1);
        return stars + (revealLast ? digits.charAt(digits.length() - 1) : '*');
    }

    @Override
    public String toString() {
        return "Entry[" + digits.length() + " digits]";
    }
}
