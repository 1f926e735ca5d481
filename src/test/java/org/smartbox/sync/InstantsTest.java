package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantsTest {

    private static Instant byFormatter(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T00:00:00Z", "2026-11-27T00:00:00+02:00", "2026-11-27T00:00Z",
            "2026-11-27T00:00:00.5Z", "2028-02-29T23:59:59Z", "2026-11-27t00:00:00z"})
    void instantsWithAZoneAreRead(String text) {
        assertEquals(byFormatter(text), Instants.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T00:00:00", "2026-02-29T00:00:00Z", "2026-11-27T24:00:00Z",
            "2026-13-01T00:00:00Z", "2026-11-27T00:60:00Z", "2026-11-27T00:00:60Z", "2026-11-27 00:00:00Z",
            "+2026-11-27T00:00:00Z", "2026-11-27", "", "-2026-11-27T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z", "0000-12-31T00:00:00Z", "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-00:01", "\u0662\u0660\u0662\u0666-11-27T00:00:00Z"})
    void anythingElseIsRefused(String text) {
        assertNull(Instants.parse(text));
    }

    @Provide
    Arbitrary<String> utcShaped() {
        return Arbitraries.strings().withChars("0123456789").ofLength(14)
                .map(d -> d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6, 8) + "T"
                        + d.substring(8, 10) + ":" + d.substring(10, 12) + ":" + d.substring(12, 14) + "Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999Z"})
    void theYearsOneToNineThousandNineHundredNinetyNineAreRead(String text) {
        assertEquals(byFormatter(text), Instants.parse(text));
    }

    @Property(tries = 3000)
    void fastPathAgreesWithTheFormatter(@ForAll("utcShaped") String text) {
        Instant expected = byFormatter(text);
        boolean yearZero = text.startsWith("0000");
        assertEquals(yearZero ? null : expected, Instants.parse(text));
    }
}
