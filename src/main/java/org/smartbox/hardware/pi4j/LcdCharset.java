package org.smartbox.hardware.pi4j;

import java.util.Map;
import org.smartbox.pickup.DisplayCharset;

/**
 * The codes of the common HD44780's character ROM (A00, the Japanese/ASCII one) for the characters
 * {@link DisplayCharset} leaves in a frame: printable ASCII as is, and the few Latin letters the ROM
 * has at their own codes. One character in, one cell out, so lines keep their layout.
 */
public final class LcdCharset {

    /** One code for each of {@link DisplayCharset#ROM_LETTERS}. */
    static final Map<Character, Integer> ROM_GLYPHS = Map.of(
            'ä', 0xE1, 'ö', 0xEF, 'ü', 0xF5, 'ñ', 0xEE, 'ß', 0xE2, '°', 0xDF, 'µ', 0xE4);

    private LcdCharset() {
    }

    /** The ROM code that shows {@code c} best. */
    public static byte encode(char c) {
        String shown = DisplayCharset.fold(String.valueOf(c));
        char cell = shown.isEmpty() ? ' ' : shown.charAt(0);
        Integer glyph = ROM_GLYPHS.get(cell);
        if (glyph != null) {
            return (byte) (int) glyph;
        }
        return cell >= 0x20 && cell <= 0x7D ? (byte) cell : (byte) '?';
    }
}
