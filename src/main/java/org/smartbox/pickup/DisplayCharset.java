package org.smartbox.pickup;

import java.text.Normalizer;
import java.util.Map;

/**
 * Text as the box's display can show it: the character ROM of the common HD44780 (A00, the
 * Japanese/ASCII one), one character per cell. Labels and names come from the cloud and may carry
 * anything Unicode has; every frame goes through here, so the simulator's {@code DISPLAY} lines
 * show exactly what the LCD shows.
 *
 * <ul>
 *   <li>Printable ASCII stays, but for what the ROM draws otherwise or the protocol cannot carry:
 *       {@code \} (a yen sign there) and {@code |} become {@code /}, {@code ~} (an arrow) {@code -}.</li>
 *   <li>The few Latin letters the ROM has stay: ä ö ü ñ ß ° µ.</li>
 *   <li>Compatibility forms become their plain letters (full-width {@code Ａ}, ligatures, {@code ½}).</li>
 *   <li>Other accented letters lose the accent; typographic quotes and dashes become ASCII.</li>
 *   <li>Characters that take no cell are dropped: bidi controls (U+202E), zero-width spaces and
 *       joiners, soft hyphens, combining marks and variation selectors.</li>
 *   <li>Line and paragraph separators (U+2028, U+2029), tabs and other spaces become a space.</li>
 *   <li>Digits of other scripts become ASCII digits; everything else (other scripts, emoji,
 *       controls) becomes one {@code ?} per character.</li>
 * </ul>
 */
public final class DisplayCharset {

    /** The non-ASCII characters the ROM has a glyph for (the LCD adapter knows their codes). */
    public static final String ROM_LETTERS = "äöüñß°µ";

    private static final Map<Character, Character> STAND_INS = Map.ofEntries(
            Map.entry('\\', '/'), Map.entry('|', '/'), Map.entry('~', '-'), Map.entry('\u03bc', 'µ'),
            Map.entry('\u2018', '\''), Map.entry('\u2019', '\''), Map.entry('\u201A', ','),
            Map.entry('\u201C', '"'), Map.entry('\u201D', '"'), Map.entry('\u201E', '"'),
            Map.entry('\u00AB', '"'), Map.entry('\u00BB', '"'), Map.entry('\u2044', '/'),
            Map.entry('\u2010', '-'), Map.entry('\u2011', '-'), Map.entry('\u2012', '-'), Map.entry('\u2013', '-'),
            Map.entry('\u2014', '-'), Map.entry('\u2212', '-'), Map.entry('\u00D7', 'x'),
            Map.entry('Æ', 'A'), Map.entry('æ', 'a'), Map.entry('Ø', 'O'), Map.entry('ø', 'o'),
            Map.entry('Œ', 'O'), Map.entry('œ', 'o'), Map.entry('Ł', 'L'), Map.entry('ł', 'l'),
            Map.entry('Đ', 'D'), Map.entry('đ', 'd'), Map.entry('Þ', 'P'), Map.entry('þ', 'p'));

    private DisplayCharset() {
    }

    /** {@code text} in characters the display shows, one cell each; null is empty. */
    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        if (plain(text)) {
            return text;
        }
        // Compatibility forms first (full-width letters, ligatures, fractions), composed where they can be.
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(normal.length());
        normal.codePoints().forEach(c -> {
            switch (Character.getType(c)) {
                case Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                        Character.COMBINING_SPACING_MARK -> {
                    // Takes no cell of its own: bidi controls, zero-width characters, accents.
                }
                case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
                        sb.append(' ');
                default -> sb.append(Character.isWhitespace(c) ? ' ' : cell(c));
            }
        });
        return sb.toString();
    }

    /** Nothing to map: printable ASCII the ROM draws as such (the common case, kept cheap). */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7D || c == '\\' || c == '|') {
                return false;
            }
        }
        return true;
    }

    private static char cell(int c) {
        if (c > 0xFFFF) {
            return '?';
        }
        char ch = (char) c;
        Character standIn = STAND_INS.get(ch);
        if (standIn != null) {
            return standIn;
        }
        if (ch >= 0x20 && ch <= 0x7D || ROM_LETTERS.indexOf(ch) >= 0) {
            return ch;
        }
        if (Character.isDigit(ch)) {
            // A digit of another script (Arabic-Indic, Devanagari) still says its number.
            return (char) ('0' + Character.digit(ch, 10));
        }
        // é -> e + combining accent: keep the base letter when the ROM has it.
        String decomposed = Normalizer.normalize(String.valueOf(ch), Normalizer.Form.NFD);
        char base = decomposed.charAt(0);
        if (decomposed.length() > 1 && base >= 0x20 && base <= 0x7D && base != '\\' && base != '|') {
            return base;
        }
        return '?';
    }
}
