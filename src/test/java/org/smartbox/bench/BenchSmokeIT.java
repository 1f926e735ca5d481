package org.smartbox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks in small (bench/run --smoke): every figure of bench/RESULTS.md measured once on a
 * small dataset with a few repetitions, so the harness, the runner's baselines and the JMH
 * benchmarks cannot rot. It checks that every row got a number, never how fast anything was:
 * speed is for bench/run on a quiet machine.
 */
class BenchSmokeIT {

    @Test
    void everyFigureIsMeasuredWithItsBaseline() throws Exception {
        Path project = Path.of(System.getProperty("smartbox.projectDir", ".")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("smartbox.jar", "target/smartbox.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the jar must be built first: " + jar);
        Path work = project.resolve("target/bench-smoke");
        Path out = work.resolve("RESULTS.md");
        Files.deleteIfExists(out);

        List<Bench.Row> rows = new Bench(Bench.Mode.SMOKE, project, jar, out, work,
                System.getProperty("java.class.path"), true).runAll();

        String results = Files.readString(out);
        List<String> figures = rows.stream().map(Bench.Row::figure).toList();
        for (String figure : List.of("import", "decision latency", "protocol round trip", "peak RSS",
                "cold start to `READY`", "smartbox run` to `READY=1`", "idle CPU", "audit append",
                "typing a digit", "a new screen")) {
            assertTrue(figures.stream().anyMatch(f -> f.contains(figure)), "a row for " + figure + " in " + figures);
        }
        for (Bench.Row row : rows) {
            assertTrue(row.value().matches(".*\\d.*"), "a number for " + row.figure() + ": " + row.value());
            assertTrue(results.contains(row.figure()), row.figure() + " in RESULTS.md");
        }
        assertTrue(results.contains("| machine |") && results.contains("| JDK |"), results);
        assertTrue(results.contains("## JMH"), "the JMH benchmarks ran:\n" + results);
        assertFalse(results.contains("ended otherwise, 0 pickups completed"), results);
        assertEquals(-1, results.indexOf("NaN"), results);
    }
}
