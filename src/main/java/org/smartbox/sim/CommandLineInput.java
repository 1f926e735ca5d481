package org.smartbox.sim;

/**
 * The command line a terminal console opens with {@code :}: typed characters, backspace, Enter to
 * run it, Esc to drop it. Shared by the simulator's screen and the bench console.
 */
final class CommandLineInput {

    /** What one typed character did. */
    enum Outcome { EDITING, ENTERED, CANCELLED }

    private final StringBuilder text = new StringBuilder();

    Outcome type(char c) {
        if (c == '\r' || c == '\n') {
            return Outcome.ENTERED;
        }
        if (c == 27) {
            return Outcome.CANCELLED;
        }
        if (c == 127 || c == 8) {
            if (text.length() > 0) {
                text.setLength(text.length() - 1);
            }
        } else if (!Character.isISOControl(c)) {
            text.append(c);
        }
        return Outcome.EDITING;
    }

    String text() {
        return text.toString();
    }
}
