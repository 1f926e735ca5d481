package org.smartbox.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.smartbox.bench.BenchBox;
import org.smartbox.bench.Dataset;
import org.smartbox.sim.SimulatedBox;

/**
 * Where the JMH benchmarks find their box: {@code -Dbench.db} (a database holding the dataset) and
 * {@code -Dbench.data} (the dataset's folder), as {@code bench/run} passes them; without them, a
 * small dataset made on the spot.
 */
final class BenchData {

    final Path db;
    final Path data;
    final int slots;

    private BenchData(Path db, Path data, int slots) {
        this.db = db;
        this.data = data;
        this.slots = slots;
    }

    static BenchData locate() throws IOException {
        String db = System.getProperty("bench.db");
        String data = System.getProperty("bench.data");
        if (db != null && data != null) {
            Path copy = Files.createTempDirectory("smartbox-jmh").resolve("box.db");
            return new BenchData(BenchBox.copyDb(Path.of(db), copy), Path.of(data), Dataset.LARGE.keys());
        }
        Path dir = Files.createTempDirectory("smartbox-jmh");
        Dataset small = Dataset.generate(Dataset.SMALL, Dataset.SEED);
        small.write(dir.resolve("data"));
        return new BenchData(dir.resolve("box.db"), dir.resolve("data"), Dataset.SMALL.keys());
    }

    /** The box on the database; an empty database gets the dataset's snapshot first. */
    SimulatedBox start() {
        return BenchBox.start(BenchBox.config(slots), db, Dataset.NOW, this::snapshot, BenchBox.nullOut());
    }

    private Optional<InputStream> snapshot() {
        try {
            return Optional.of(Files.newInputStream(data.resolve("snapshot.json")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
