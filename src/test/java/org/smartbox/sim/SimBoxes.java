package org.smartbox.sim;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;

/** In-process simulated boxes for tests: the real kiosk and store, lines captured in a list. */
public final class SimBoxes {

    public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private SimBoxes() {
    }

    /** A running box and every protocol line it printed. */
    public record Running(SimulatedBox box, List<String> lines) implements AutoCloseable {
        public List<String> since(int mark) {
            synchronized (lines) {
                return List.copyOf(lines.subList(mark, lines.size()));
            }
        }

        public int mark() {
            synchronized (lines) {
                return lines.size();
            }
        }

        @Override
        public void close() {
            box.close();
        }
    }

    public static DeviceConfig config(String extra) {
        String text = "box.id=SB-DEMO\nbox.slots=12\nsms.gateways=sim\n" + extra;
        return DeviceConfig.from(ConfigFile.parse("test.properties",
                new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    /** Starts a box on {@code db} with the demo data (when the database is empty). */
    public static Running start(Path db, DeviceConfig config, Instant now) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ProtocolOut out = new ProtocolOut(new PrintStream(new ByteArrayOutputStream()));
        out.tap(lines::add);
        Simulator.Options options = new Simulator.Options(config.box(), db, Optional.empty(), now,
                SimBoxes::demoData, kind -> {
                    throw new IllegalArgumentException(kind);
                }, () -> "simulated", now2 -> List.of(new org.smartbox.cache.HealthCheck("database", "ok", "integrity ok", "")),
                new SecureRandom(), "test");
        SimulatedBox box = Simulator.start(options, out);
        box.begin();
        return new Running(box, lines);
    }

    private static Optional<InputStream> demoData() {
        try {
            return Optional.of(java.nio.file.Files.newInputStream(Path.of("device-config/demo-data.json")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("tests run from the project folder", e);
        }
    }
}
