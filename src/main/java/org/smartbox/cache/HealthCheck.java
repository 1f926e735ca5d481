package org.smartbox.cache;

/** One diagnostic check as the service menu shows it: name, ok/warn/fail, what was measured, a hint. */
public record HealthCheck(String name, String status, String value, String hint) {
}
