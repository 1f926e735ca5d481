package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive simulator's log (README: "Two commands") as a newcomer meets it: started, quit and
 * started again, the first run's lines are still there. Without a terminal the simulator draws on a
 * dumb one, and {@code q} quits.
 */
class SimulatorLogIT {

    @TempDir
    Path dir;

    @Test
    void aSecondStartKeepsTheFirstRunsLog() throws Exception {
        JarRun.Result first = JarRun.run(dir, "q", "simulate", "--db", "box.db");
        assertEquals(0, first.status(), first.err());
        Path log = dir.resolve("smartbox-sim.log");
        String afterFirst = Files.readString(log, StandardCharsets.UTF_8);
        // The first start makes the database and loads the demo data: both are logged.
        assertTrue(afterFirst.contains("schema migrated") && afterFirst.contains("cache version 7"), afterFirst);
        assertTrue(first.out().contains("SmartBox simulator"), "the screen is drawn: " + first.out());

        JarRun.Result second = JarRun.run(dir, "q", "simulate", "--db", "box.db");
        assertEquals(0, second.status(), second.err());
        String afterSecond = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(afterSecond.startsWith(afterFirst), "the first run's log survives the second start:\n"
                + afterSecond);
    }
}
