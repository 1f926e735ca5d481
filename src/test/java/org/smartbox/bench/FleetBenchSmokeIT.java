package org.smartbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fleet benchmark in small (bench/run --fleet with ten boxes): every figure is measured, for the
 * boxes and for the bare Paho baseline, and lands in the fleet section of the results. It checks that
 * each got a number, never how fast anything was: the thousand-box run is for bench/run --fleet.
 */
@Tag("mosquitto")
class FleetBenchSmokeIT {

    @Test
    void everyFleetFigureIsMeasuredWithItsBaseline() throws Exception {
        Path project = Path.of(System.getProperty("smartbox.projectDir", ".")).toAbsolutePath();
        Path work = project.resolve("target/fleet-bench-smoke");
        Path out = work.resolve("RESULTS.md");
        FleetBench.deleteTree(work);
        Files.createDirectories(work);
        Files.writeString(out, "# earlier results\n\nkept as they were\n");

        List<FleetBench.Row> rows = new FleetBench(10, 5, work, out).runAll();

        assertEquals(4, rows.size(), rows.toString());
        String results = Files.readString(out);
        assertTrue(results.startsWith("# earlier results\n\nkept as they were\n"), "the rest of the file is kept");
        assertTrue(results.contains(FleetBench.MARKER), results);
        for (FleetBench.Row row : rows) {
            assertTrue(row.value().matches(".*\\d.*") && row.baseline().matches(".*\\d.*"), row.toString());
            assertTrue(results.contains(row.figure()), row.figure());
        }
        assertTrue(results.contains("50 events of 50 seen"), results);
        assertEquals(-1, results.indexOf("NaN"), results);
    }
}
