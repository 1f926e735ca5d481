package org.smartbox.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit event: a type and ordered fields. Values are made safe for the one-line
 * {@code key=value} form at construction: white space becomes {@code _}, so a value never splits.
 * Callers put only masked data in here; no code, account code or full mobile number.
 */
public record AuditEvent(AuditType type, Map<String, String> fields) {

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Map<String, String> safe = new LinkedHashMap<>();
        fields.forEach((k, v) -> safe.put(k, clean(v)));
        fields = Collections.unmodifiableMap(safe);
    }

    /** Builds an event from alternating keys and values; null values are left out. */
    public static AuditEvent of(AuditType type, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            if (value != null) {
                fields.put(keysAndValues[i].toString(), value.toString());
            }
        }
        return new AuditEvent(type, fields);
    }

    public String field(String name) {
        return fields.get(name);
    }

    /** {@code TYPE k=v k=v}, the form of the simulator's AUDIT line and of {@code smartbox audit}. */
    public String line() {
        StringBuilder sb = new StringBuilder(type.name());
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    private static String clean(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(Character.isWhitespace(c) || Character.isISOControl(c) ? '_' : c);
        }
        return sb.toString();
    }
}
