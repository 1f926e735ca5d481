package org.smartbox.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An ISO-8601 instant with its zone: {@code 2026-11-28T12:00:00Z} or {@code ...+01:00}, between 1970
 * and 9999. The simulated clock runs in epoch milliseconds, and every decision and audit entry
 * converts to them: an instant in year +999999999 cannot be converted, one before 1970 is no clock.
 */
final class InstantConverter implements ITypeConverter<Instant> {

    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Override
    public Instant convert(String value) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("\"" + value + "\" is not an ISO-8601 instant like 2026-11-28T12:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new TypeConversionException("\"" + value + "\" is not between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }
}
