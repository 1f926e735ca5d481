package org.smartbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The slots drawn as a small key cabinet: one cell per slot with its number, {@code K} when a key is in
 * it, {@code .} when empty, and {@code U} while its latch is released. The letters carry the meaning,
 * so a terminal without colours shows all of it; colours (key green, released latch in reverse yellow)
 * only make it quicker to see.
 */
final class Cabinet {

    static final String LEGEND = "K key in  . empty  U latch released";
    private static final int MAX_COLUMNS = 10;

    private Cabinet() {
    }

    /**
     * The cabinet in at most {@code width} columns and {@code maxRows} lines (heading and legend
     * included); slots that do not fit are summed up on one line.
     */
    static List<AttributedString> draw(List<Boolean> keys, Set<Integer> released, int width, int maxRows,
                                       boolean colour) {
        int slots = keys.size();
        int digits = String.valueOf(Math.max(slots, 1)).length();
        int cell = digits + 2;
        int fit = Math.max(1, Math.min(MAX_COLUMNS, (width - 1) / (cell + 1)));
        // Even shelves: 12 slots in 8 columns would leave a ragged 8 + 4, so 6 + 6.
        int shelves = (slots + fit - 1) / fit;
        int columns = shelves == 0 ? 1 : (slots + shelves - 1) / shelves;
        int shownShelves = Math.max(1, Math.min(shelves, maxRows - 4));
        List<AttributedString> lines = new ArrayList<>();
        lines.add(new AttributedString(SimScreen.clip("Cabinet, " + slots + " slots, " + count(keys) + " keys in",
                width), colour ? AttributedStyle.BOLD : AttributedStyle.DEFAULT));
        String border = "+" + ("-".repeat(cell) + "+").repeat(columns);
        lines.add(new AttributedString(border));
        for (int shelf = 0; shelf < shownShelves; shelf++) {
            AttributedStringBuilder row = new AttributedStringBuilder().append("|");
            for (int column = 0; column < columns; column++) {
                int slot = shelf * columns + column + 1;
                if (slot > slots) {
                    row.append(" ".repeat(cell)).append("|");
                    continue;
                }
                boolean key = keys.get(slot - 1);
                boolean open = released.contains(slot);
                String text = String.format("%" + digits + "d%c%c", slot, key ? 'K' : '.', open ? 'U' : ' ');
                row.style(style(key, open, colour)).append(text).style(AttributedStyle.DEFAULT).append("|");
            }
            lines.add(row.toAttributedString());
        }
        lines.add(new AttributedString(border));
        int shown = Math.min(slots, shownShelves * columns);
        if (shown < slots) {
            lines.add(new AttributedString(SimScreen.clip(rest(keys, released, shown), width)));
        } else {
            lines.add(new AttributedString(SimScreen.clip(LEGEND, width),
                    colour ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT));
        }
        return lines.stream().map(line -> line.columnLength() > width ? line.columnSubSequence(0, width) : line)
                .toList();
    }

    private static AttributedStyle style(boolean key, boolean open, boolean colour) {
        if (!colour) {
            return AttributedStyle.DEFAULT;
        }
        if (open) {
            return AttributedStyle.DEFAULT.background(AttributedStyle.YELLOW).foreground(AttributedStyle.BLACK).bold();
        }
        return key ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN) : AttributedStyle.DEFAULT.faint();
    }

    private static int count(List<Boolean> keys) {
        return (int) keys.stream().filter(Boolean::booleanValue).count();
    }

    /** The slots past the drawn shelves, summed up: a box of 500 slots still fits a small terminal. */
    private static String rest(List<Boolean> keys, Set<Integer> released, int shown) {
        List<Boolean> hidden = keys.subList(shown, keys.size());
        List<Integer> open = released.stream().filter(slot -> slot > shown).sorted().toList();
        return "slots " + (shown + 1) + "-" + keys.size() + ": " + count(hidden) + " keys in"
                + (open.isEmpty() ? "" : ", U " + open);
    }
}
