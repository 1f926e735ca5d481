package org.smartbox.hardware.pi4j;

import java.text.Normalizer;
import java.util.Map;

/**
 * Maps text to the character ROM of the common HD44780 (A00, the Japanese/ASCII one). Printable
 * ASCII passes as is, except the two codes that ROM draws differently ({@code \} is a yen sign and
 * {@code ~} an arrow there). The few Latin letters the ROM has (ä ö ü ñ ß, °, µ) use its glyphs;
 * any other accented letter becomes its base letter; typographic quotes and dashes become ASCII;
 * everything else becomes {@code ?}. One character in, one cell out, so lines keep their layout.
 */
public final class LcdCharset {

    private static final Map<Character, Integer> ROM_GLYPHS = Map.of(
            'ä', 0xE1, 'ö', 0xEF, 'ü', 0xF5, 'ñ', 0xEE, 'ß', 0xE2, '°', 0xDF, 'µ', 0xE4, 'μ', 0xE4);

    private static final Map<Character, Character> STAND_INS = Map.ofEntries(
            Map.entry('\\', '/'), Map.entry('~', '-'),
            Map.entry('\u2018', '\''), Map.entry('\u2019', '\''), Map.entry('\u201A', ','),
            Map.entry('\u201C', '"'), Map.entry('\u201D', '"'), Map.entry('\u201E', '"'),
            Map.entry('\u00AB', '"'), Map.entry('\u00BB', '"'),
            Map.entry('\u2010', '-'), Map.entry('\u2011', '-'), Map.entry('\u2012', '-'), Map.entry('\u2013', '-'),
            Map.entry('\u2014', '-'), Map.entry('\u2212', '-'),
            Map.entry('\u2026', '.'), Map.entry('\u00A0', ' '), Map.entry('\u00D7', 'x'),
            Map.entry('Æ', 'A'), Map.entry('æ', 'a'), Map.entry('Ø', 'O'), Map.entry('ø', 'o'),
            Map.entry('Œ', 'O'), Map.entry('œ', 'o'), Map.entry('Ł', 'L'), Map.entry('ł', 'l'),
            Map.entry('Đ', 'D'), Map.entry('đ', 'd'), Map.entry('Þ', 'P'), Map.entry('þ', 'p'));

    private LcdCharset() {
    }

    /** The ROM code that shows {@code c} best. */
    public static byte encode(char c) {
        Integer glyph = ROM_GLYPHS.get(c);
        if (glyph != null) {
            return (byte) (int) glyph;
        }
        Character standIn = STAND_INS.get(c);
        if (standIn != null) {
            return (byte) standIn.charValue();
        }
        if (c >= 0x20 && c <= 0x7D) {
            return (byte) c;
        }
        // é -> e + combining accent: keep the base letter when it is plain ASCII.
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
        char base = decomposed.charAt(0);
        if (decomposed.length() > 1 && base >= 0x20 && base <= 0x7D && base != '\\') {
            return (byte) base;
        }
        return (byte) '?';
    }
}
