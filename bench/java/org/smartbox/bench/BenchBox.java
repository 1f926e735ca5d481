package org.smartbox.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.smartbox.cache.HealthCheck;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.SimulatedBox;
import org.smartbox.sim.Simulator;

/** The benchmark's box in this JVM: the real kiosk, store and machine on simulated parts. */
public final class BenchBox {

    private BenchBox() {
    }

    /** The device config of the benchmark box: as {@code bench/sim-bench.properties}. */
    public static DeviceConfig config(int slots) {
        String text = "box.id=" + Dataset.BOX_ID + "\nbox.slots=" + slots + "\nsms.gateways=sim\n";
        return DeviceConfig.from(ConfigFile.parse("bench", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Starts a box on {@code db}; {@code data} is applied when the database is empty. Protocol lines
     * go to {@code out} (a null stream: the benchmark reads the box's state, not its lines).
     */
    public static SimulatedBox start(DeviceConfig config, Path db, Instant now, Supplier<Optional<InputStream>> data,
                                     ProtocolOut out) {
        Simulator.Options options = new Simulator.Options(config.box(), db, Optional.empty(), now, data,
                kind -> {
                    throw new IllegalArgumentException(kind);
                }, () -> "simulated",
                at -> List.of(new HealthCheck("database", "ok", "benchmark", "")), new SecureRandom(), "bench");
        SimulatedBox box = Simulator.start(options, out);
        box.begin();
        return box;
    }

    public static ProtocolOut nullOut() {
        return new ProtocolOut(new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Copies a database with its box secret (the store refuses a database without its own secret). */
    public static Path copyDb(Path from, Path to) throws IOException {
        Files.createDirectories(to.toAbsolutePath().getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(secretOf(from), secretOf(to), StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    public static Path secretOf(Path db) {
        String name = db.getFileName().toString();
        String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        return db.toAbsolutePath().getParent().resolve(base + ".secret");
    }
}
