package org.smartbox.cli;

/**
 * Text from the network made safe to print on a terminal, one record per line: control characters
 * (C0, DEL, C1), line and paragraph separators and the bidirectional overrides are written as
 * {@code \n}, {@code \t} or {@code \}{@code uXXXX}, and a backslash as two, so nothing received can
 * start a new line, move the cursor, recolour the screen or reorder what is shown.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                sb.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * One line of JSON written by Jackson (which escapes C0 controls itself) with DEL, C1, the line
     * separators and the bidirectional overrides inside its strings escaped as well; still valid JSON.
     */
    static String json(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            String r = c < 0x20 || c == '\\' ? null : replacement(c);
            sb.append(r != null ? r : String.valueOf(c));
        }
        return sb.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        boolean unsafe = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E'
                || c == '\u200F' || c == '\u061C';
        return unsafe ? String.format("\\u%04x", (int) c) : null;
    }
}
