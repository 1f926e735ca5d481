package org.smartbox.pickup;

import java.util.ArrayList;
import java.util.List;

/**
 * Word wrap for the 20-character display: a hint or a measured value longer than a line goes on
 * over the next lines instead of being cut ("device-config/simula" told a technician nothing).
 */
final class Wrap {

    private Wrap() {
    }

    /** {@code text} as display lines of at most {@link Frame#WIDTH}; at least one line. */
    static List<String> lines(String text) {
        String rest = DisplayCharset.fold(text == null ? "" : text).strip();
        List<String> lines = new ArrayList<>();
        while (rest.length() > Frame.WIDTH) {
            int cut = breakAt(rest);
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    /**
     * Where to end the line: after the last space, or else after the last {@code / - , .} that
     * fits (a path or a word list breaks where it reads well), or else hard at the width.
     */
    private static int breakAt(String text) {
        int space = text.lastIndexOf(' ', Frame.WIDTH);
        if (space > 0) {
            return space + 1;
        }
        for (int i = Frame.WIDTH - 1; i > 0; i--) {
            if ("/-,.".indexOf(text.charAt(i)) >= 0) {
                return i + 1;
            }
        }
        return Frame.WIDTH;
    }
}
