package org.smartbox.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;

/**
 * Typed reads of one JSON object's fields, each failure named by its JSON path. A present
 * {@code null} is never taken for an absent field: it breaks the field's type like any other value.
 */
final class Fields {

    static final String INSTANT_EXPECTED = "must be an ISO-8601 instant with a zone, like 2026-11-27T00:00:00Z,"
            + " in the years 0001 to 9999";
    private static final int QUOTE_LIMIT = 64;

    private final ObjectNode node;
    private final String path;

    Fields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return node.has(name);
    }

    JsonNode get(String name) {
        return node.get(name);
    }

    /** The field names in document order. */
    Iterator<String> names() {
        return node.fieldNames();
    }

    Invalid invalid(String name, String problem) {
        return new Invalid(path(name), problem);
    }

    /** A required, non-empty string: the ids and references of every record. */
    String id(String name) throws Invalid {
        String value = string(name);
        if (value.isEmpty()) {
            throw invalid(name, "must not be empty");
        }
        return value;
    }

    String string(String name) throws Invalid {
        if (!has(name)) {
            throw invalid(name, "is required");
        }
        return optionalString(name);
    }

    /** The string, or null when the field is absent. */
    String optionalString(String name) throws Invalid {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(name, "must be a string");
        }
        return value.textValue();
    }

    boolean bool(String name, boolean whenAbsent) throws Invalid {
        JsonNode value = node.get(name);
        if (value == null) {
            return whenAbsent;
        }
        if (!value.isBoolean()) {
            throw invalid(name, "must be true or false");
        }
        return value.booleanValue();
    }

    /** A required JSON integer (never a string, never 1.5 or 1.0) inside {@code [min, max]}. */
    long integer(String name, long min, long max) throws Invalid {
        if (!has(name)) {
            throw invalid(name, "is required");
        }
        return optionalInteger(name, min, max);
    }

    /** As {@link #integer}, or null when the field is absent. */
    Long optionalInteger(String name, long min, long max) throws Invalid {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        String range = "must be an integer from " + min + " to " + max;
        // Where the upper bound is only the width of the type, it is not worth stating up front.
        String expected = max >= Integer.MAX_VALUE ? "must be an integer of at least " + min : range;
        if (!value.isIntegralNumber()) {
            throw invalid(name, expected);
        }
        BigInteger number = value.bigIntegerValue();
        if (number.compareTo(BigInteger.valueOf(min)) < 0) {
            throw invalid(name, expected);
        }
        if (number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw invalid(name, range);
        }
        return number.longValueExact();
    }

    /** An instant written with its zone; a local date-time would mean a different moment per box. */
    Instant instant(String name) throws Invalid {
        String text;
        try {
            text = string(name);
        } catch (Invalid notString) {
            if (!has(name)) {
                throw notString;
            }
            throw invalid(name, INSTANT_EXPECTED);
        }
        Instant instant = Instants.parse(text);
        if (instant == null) {
            throw invalid(name, INSTANT_EXPECTED);
        }
        return instant;
    }

    /** The nested object, or null when absent. */
    Fields optionalObject(String name) throws Invalid {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(name, "must be an object");
        }
        return new Fields((ObjectNode) value, path(name));
    }

    /**
     * A value for a message: JSON-quoted, control characters escaped, cut short. Only for values that
     * are not secret (ids, box ids); never call it with an account code or app secret.
     */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        int end = Math.min(value.length(), QUOTE_LIMIT);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > QUOTE_LIMIT) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
