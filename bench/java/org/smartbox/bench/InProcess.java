package org.smartbox.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.smartbox.sim.SimulatedBox;

/**
 * The in-process measurements, each run by {@link Bench} in a JVM of its own with the service's JVM
 * flags. Prints {@code RESULT name value} lines (seconds, bytes, counts) for the caller to read.
 *
 * <pre>
 * InProcess decision DB DATASET_DIR SLOTS WARMUP SAMPLES [list,single,code]   (the database holds that dataset)
 * InProcess audit FILE ROWS_PER_BLOCK BLOCKS WARMUP_ROWS
 * InProcess display WORKDIR
 * </pre>
 */
public final class InProcess {

    private InProcess() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args[0]) {
            case "decision" -> decision(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]), args.length > 6 ? args[6] : "list,single,code");
            case "audit" -> audit(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "display" -> display(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown measurement " + args[0]);
        }
        System.out.flush();
    }

    static void decision(Path db, Path dataset, int slots, int warmup, int samples, String which) throws Exception {
        try (SimulatedBox box = BenchBox.start(BenchBox.config(slots), db, Dataset.NOW,
                java.util.Optional::empty, BenchBox.nullOut())) {
            DecisionLatency latency = new DecisionLatency(box, db);
            for (Dataset.Probe probe : Dataset.Probe.values()) {
                if (!which.contains(probe.name().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                List<Dataset.Person> users = Dataset.readUsers(dataset.resolve(Dataset.probeFile(probe)));
                // Fewer of the kinds that write, each user once: undoing one costs a durable commit, and a
                // released latch closes only after the take timeout (virtual time, which must not run far).
                int n = probe == Dataset.Probe.LIST ? samples : Math.min(samples / 5, Math.max(0, users.size() - warmup / 5));
                int w = probe == Dataset.Probe.LIST ? warmup : warmup / 5;
                if (n < 5) {
                    continue;
                }
                DecisionLatency.Result r = latency.measure(probe, users, w, n);
                String p = probe.name().toLowerCase(Locale.ROOT);
                stats("decision." + p, r.decision());
                stats("lookup." + p, r.lookup());
                result("unexpected." + p, r.unexpected());
            }
            result("sink", latency.sink() % 10);
            latency.close();
        }
    }

    static void audit(Path file, int rows, int blocks, int warmup) throws Exception {
        AuditRate.Result r = AuditRate.measure(file, rows, blocks, warmup);
        stats("audit.chained", r.chained());
        stats("audit.plain", r.plain());
    }

    static void display(Path work) throws Exception {
        DisplayBytes.Result r = DisplayBytes.measure(work);
        int i = 0;
        for (DisplayBytes.Change c : r.changes()) {
            System.out.printf("CHANGE %d|%s|%s|%d|%d|%d|%d|%d%n", i++, c.cause(), c.typing(), c.changedCells(),
                    c.moves(), c.bytes(), c.transfers(), c.minimum());
        }
    }

    static void stats(String name, Stats s) {
        System.out.printf("RESULT %s %d %.9f %.9f %.9f %.9f %.9f%n", name, s.n(), s.min(), s.p50(), s.p90(), s.p99(),
                s.max());
    }

    static void result(String name, double value) {
        System.out.printf("RESULT %s %s%n", name, value);
    }
}
