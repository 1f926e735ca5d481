package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 holes 1 and 2 through the simulator protocol, on the demo data: Tom (808080, login2fa
 * OFF) is a technician, not a key holder.
 */
class TechnicianIT {

    @TempDir
    Path dir;

    private SimProcess start() throws Exception {
        return SimProcess.start(dir, "--db", dir.resolve("box.db").toString(), "--now", "2026-11-28T12:00:00Z");
    }

    @Test
    void aTechniciansLatchTestDoesNotReleaseASlotHoldingAGuestsKey() throws Exception {
        try (SimProcess sim = start()) {
            sim.ok("key 808080#");
            sim.ok("key 1");
            List<String> test = sim.ok("key 3#");
            assertFalse(test.contains("UNLOCK 3"), test::toString);
            assertTrue(test.stream().anyMatch(l -> l.startsWith("DISPLAY ") && l.contains("Slot 3 holds a key")),
                    test::toString);
            assertTrue(test.stream().anyMatch(l -> l.startsWith("AUDIT DIAG user=u-tom")
                    && l.contains("refused=key_in_slot")), test::toString);
            // Pulling at the held latch anyway: tamper, with the technician's id.
            List<String> pulled = sim.ok("take 3");
            assertTrue(pulled.stream().anyMatch(l -> l.startsWith("AUDIT TAMPER") && l.contains("user=u-tom")),
                    pulled::toString);
        }
    }

    /** Issue 19: every page of the status and sensors screens says how to go back, and back works. */
    @Test
    void everyInformationPageSaysHowToGoBack() throws Exception {
        try (SimProcess sim = start()) {
            sim.ok("key 808080#");
            for (String screen : List.of("2", "3")) {
                List<String> first = sim.ok("key " + screen);
                String page = lastDisplay(first);
                String start = page;
                int pages = 0;
                do {
                    assertTrue(page.endsWith("|#=more  *=back      "), page);
                    page = lastDisplay(sim.ok("key #"));
                    pages++;
                } while (!page.equals(start) && pages < 10);
                assertTrue(pages > 1 && pages < 10, "the pages come round again: " + pages);
                assertTrue(lastDisplay(sim.ok("key *")).startsWith("DISPLAY Service *=exit Tom"));
            }
        }
    }

    private static String lastDisplay(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("DISPLAY ")).reduce((a, b) -> b).orElse("");
    }

    @Test
    void aTechnicianDeletedByASyncWhileInTheMenuIsLoggedOutAtTheNextKey() throws Exception {
        try (SimProcess sim = start()) {
            sim.ok("key 808080#");
            Path delta = dir.resolve("delete-tom.json");
            Files.writeString(delta, """
                    {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                     "delete": {"users": ["u-tom"]}}
                    """);
            sim.ok("apply " + delta);
            List<String> next = sim.ok("key 1");
            assertTrue(next.stream().anyMatch(l -> l.startsWith("AUDIT DENIED user=u-tom")
                    && l.contains("reason=technician_deleted")), next::toString);
            assertFalse(next.stream().anyMatch(l -> l.contains("Latch test")), next::toString);
            List<String> after = sim.ok("key 12#");
            assertFalse(after.stream().anyMatch(l -> l.startsWith("UNLOCK")), after::toString);
        }
    }
}
