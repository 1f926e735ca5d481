package org.smartbox.diag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One diagnostic check's verdict: a status, what was measured, and what to do about it. */
public record CheckResult(String name, Status status, String value, String hint, Map<String, Object> figures) {

    /** ok: nothing to do; warn: works, but look at it; fail: this part is broken. */
    public enum Status {
        OK, WARN, FAIL;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        value = value == null ? "" : value;
        hint = hint == null ? "" : hint;
        figures = figures == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public CheckResult(String name, Status status, String value, String hint) {
        this(name, status, value, hint, Map.of());
    }

    /** The same verdict with measured numbers for {@code diag --json} ("figures"). */
    public CheckResult withFigures(Map<String, Object> measured) {
        return new CheckResult(name, status, value, hint, measured);
    }

    public static CheckResult ok(String name, String value) {
        return new CheckResult(name, Status.OK, value, "");
    }

    public static CheckResult warn(String name, String value, String hint) {
        return new CheckResult(name, Status.WARN, value, hint);
    }

    public static CheckResult fail(String name, String value, String hint) {
        return new CheckResult(name, Status.FAIL, value, hint);
    }
}
