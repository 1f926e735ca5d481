package org.smartbox.modem;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.smartbox.config.ModemConfig;

/**
 * Fits a message for a text-mode SMS that travels in the GSM 7-bit default alphabet (TS 23.038) as
 * one message of at most 160 characters. Only characters that are the same byte in ASCII, IRA and
 * the GSM alphabet are sent as they are (letters, digits, space and most punctuation); {@code @ $ _}
 * only with the IRA character set, where the modem converts them. Accents are dropped, typographic
 * quotes and dashes become plain ones, line breaks become spaces and anything else becomes {@code ?}.
 * So no byte can be Ctrl-Z or ESC, which would end or cancel the message early.
 */
public final class Gsm7 {

    /** One SMS in the 7-bit alphabet. */
    public static final int MAX_LENGTH = 160;

    /** The same byte in ASCII, IRA and the GSM 7-bit default alphabet. */
    private static final String SAME_EVERYWHERE = " !\"#%&'()*+,-./0123456789:;<=>?"
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** In the GSM alphabet, but at other positions: the modem converts them from IRA only. */
    private static final String IRA_ONLY = "@$_";

    private Gsm7() {
    }

    /** The text as it will be sent: fit characters only, at most {@link #MAX_LENGTH}. */
    public static String fit(String text, ModemConfig.Charset charset) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(Math.min(decomposed.length(), MAX_LENGTH));
        for (int i = 0; i < decomposed.length() && out.length() < MAX_LENGTH; i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (SAME_EVERYWHERE.indexOf(c) >= 0 || charset == ModemConfig.Charset.IRA && IRA_ONLY.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append(replacement(c));
            }
        }
        return out.toString();
    }

    /** The bytes to write after the prompt (without the closing Ctrl-Z). */
    public static byte[] bytes(String text, ModemConfig.Charset charset) {
        return fit(text, charset).getBytes(StandardCharsets.US_ASCII);
    }

    private static char replacement(char c) {
        switch (c) {
            case '\u2018':
            case '\u2019':
            case '`':
            case '\u00b4':
                return '\'';
            case '\u201c':
            case '\u201d':
                return '"';
            case '\u2013':
            case '\u2014':
            case '\u2212':
                return '-';
            case '[':
            case '{':
                return '(';
            case ']':
            case '}':
                return ')';
            case '\r':
            case '\n':
            case '\t':
            case '\u00a0':
                return ' ';
            case '\u00df':
                return 's';
            default:
                return '?';
        }
    }
}
