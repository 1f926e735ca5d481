package org.smartbox.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An ISO-8601 instant with its zone: {@code 2026-11-28T12:00:00Z} or {@code ...+01:00}. */
final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("\"" + value + "\" is not an ISO-8601 instant like 2026-11-28T12:00:00Z");
        }
    }
}
