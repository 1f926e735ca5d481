package org.smartbox.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.text.Counted;

/** What a technician reads from {@code smartbox diag}: rows that fit a terminal, counts in good English. */
class DiagReportTest {

    @Test
    void aLongValueAndHintWrapInTheirColumnsAndLoseNoWord() {
        String longValue = "slot 1 is empty, ".repeat(25).strip();
        String hint = "the box believes otherwise: check the slot, the sensor, or a key moved while the box was off";
        DiagReport report = new DiagReport("SB-1", "1.0", Instant.parse("2026-12-02T12:00:00Z"),
                List.of(CheckResult.warn("sensors", longValue, hint), CheckResult.ok("outbox", "1 event waiting")));
        String table = report.table();
        for (String line : table.split("\n")) {
            assertTrue(line.length() <= 140, "a row longer than a wide terminal: " + line.length() + " " + line);
        }
        // The value column starts after the name (7) and the status (4), each followed by two spaces.
        int from = "sensors".length() + 2 + 4 + 2;
        List<String> sensorRows = table.lines().skip(2).takeWhile(l -> !l.startsWith("outbox")).toList();
        assertTrue(sensorRows.size() > 1, table);
        String value = String.join(" ", sensorRows.stream()
                .map(l -> l.substring(from, Math.min(l.length(), from + 48)).strip()).toList());
        assertEquals(longValue, value, "every word of the value, in order");
        assertTrue(table.contains("1 event waiting"), table);
        assertTrue(table.endsWith("2 checks: 1 ok, 1 warn, 0 fail\n"), table);
    }

    @Test
    void countsTakeTheirNounInTheRightForm() {
        assertEquals("1 event", Counted.of(1, "event"));
        assertEquals("0 events", Counted.of(0, "event"));
        assertEquals("2 accesses", Counted.of(2, "access"));
        assertEquals("1 access", Counted.of(1, "access"));
        assertEquals("1 entry", Counted.of(1, "entry", "entries"));
        assertEquals("3 entries", Counted.of(3, "entry", "entries"));
        assertEquals(List.of("abcd", "efgh", "ij k"), DiagReport.wrap("abcdefghij k", 4));
    }
}
