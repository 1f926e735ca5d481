package org.smartbox.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restart finds after the box died with a latch open: everything held, the session on record. */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aSessionCutShortByACrashIsAuditedAtTheNextStart() {
        Path db = dir.resolve("box.db");
        SimBoxes.Running first = SimBoxes.start(db, SimBoxes.config(""), SimBoxes.NOW);
        first.box().press("246800#");
        first.box().press("1#");
        assertTrue(first.lines().contains("UNLOCK 6"), first.lines().toString());
        // The process dies here: no stop, no hold, no close. Only the file survives.

        SimBoxes.Running second = SimBoxes.start(db, SimBoxes.config(""), SimBoxes.NOW.plusSeconds(5));
        try {
            List<String> lines = second.lines();
            // Who had the latch open, and for which key (issue 14.9): not only the slot.
            assertTrue(lines.contains("AUDIT SESSION_INTERRUPTED user=u-nina key=k-6d slot=6"), lines.toString());
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("UNLOCK")), "nothing released at start");
            assertTrue(second.box().kiosk().data().audit().verify().intact());
            assertEquals("ok", second.box().kiosk().data().database().integrityCheck());
        } finally {
            second.close();
        }
    }

    @Test
    void theLockoutSurvivesARestart() {
        Path db = dir.resolve("box.db");
        SimBoxes.Running first = SimBoxes.start(db, SimBoxes.config(""), SimBoxes.NOW);
        for (int i = 0; i < 5; i++) {
            first.box().press("555999000" + i + "#");
        }
        assertTrue(first.lines().contains("AUDIT LOCKOUT seconds=60"));
        first.close();

        try (SimBoxes.Running second = SimBoxes.start(db, SimBoxes.config(""), SimBoxes.NOW.plusSeconds(10))) {
            int mark = second.mark();
            second.box().press("5550000002#");
            assertFalse(second.since(mark).stream().anyMatch(l -> l.startsWith("SMS")), "still locked after restart");
            second.box().advance(50_000);
            second.box().press("5550000002#");
            assertTrue(second.since(mark).stream().anyMatch(l -> l.startsWith("SMS +15550000002")));
        }
    }
}
