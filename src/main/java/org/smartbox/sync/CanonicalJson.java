package org.smartbox.sync;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes a grant's signature covers: its fields except {@code signature}, sorted by name, no white
 * space, UTF-8. Values are strings or integers only, so the result is the same as RFC 8785 (JCS)
 * gives: names sorted by UTF-16 code units, strings escaped as JSON.stringify escapes them, integers
 * in plain decimal. Any JCS library on the cloud side therefore produces identical bytes.
 */
final class CanonicalJson {

    /** Integers beyond this lose precision in JavaScript, so JCS could not represent them exactly. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private CanonicalJson() {
    }

    /** Math.abs would not do: it leaves Long.MIN_VALUE negative. */
    static boolean isSafe(long n) {
        return n >= -MAX_SAFE_INTEGER && n <= MAX_SAFE_INTEGER;
    }

    static byte[] canonical(Map<String, ?> fields) {
        return write(new TreeMap<>(fields)).getBytes(StandardCharsets.UTF_8);
    }

    /** Compact JSON of {@code fields} in their iteration order; values must be strings or integers. */
    static String write(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            string(sb, field.getKey());
            sb.append(':');
            Object value = field.getValue();
            if (value instanceof String text) {
                string(sb, text);
            } else if ((value instanceof Long || value instanceof Integer) && isSafe(((Number) value).longValue())) {
                sb.append(((Number) value).longValue());
            } else {
                throw new IllegalArgumentException("field " + field.getKey() + " is not a string or a safe integer");
            }
        }
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(text, i)) {
                        // JSON.stringify escapes lone surrogates too, and UTF-8 cannot hold them.
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
