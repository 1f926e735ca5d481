package org.smartbox.proof;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.smartbox.config.DeviceConfig;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.SimulatedBox;
import org.smartbox.sim.Simulator;

/**
 * A simulated box started exactly as {@code smartbox simulate} starts one ({@link Simulator#start}),
 * with every protocol line handed to a listener the moment it is printed, on the kiosk's own thread,
 * so a check can look at the kiosk and the database as they are when a latch moves.
 */
final class ProofBox implements AutoCloseable {

    static final byte[] DEMO_DATA;

    static {
        try {
            DEMO_DATA = Files.readAllBytes(Path.of("device-config/demo-data.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("tests run from the project folder", e);
        }
    }

    private final SimulatedBox box;
    private final List<String> lines;
    private final int startLines;
    private boolean gone;

    private ProofBox(SimulatedBox box, List<String> lines, int startLines) {
        this.box = box;
        this.lines = lines;
        this.startLines = startLines;
    }

    /**
     * Starts a box on {@code db} (loading the demo data into an empty one) and shows its first frame.
     * {@code listener} sees every line, those of the start-up included.
     */
    static ProofBox start(Path db, DeviceConfig config, Instant now, Consumer<String> listener) {
        return start(db, config, now, listener, kind -> {
            throw new IllegalArgumentException("no gateway " + kind + " in tests");
        });
    }

    /** As above; {@code gateways} makes the SMS gateways the config names besides {@code sim}. */
    static ProofBox start(Path db, DeviceConfig config, Instant now, Consumer<String> listener,
                          java.util.function.Function<String, org.smartbox.hardware.SmsGateway> gateways) {
        List<String> lines = new ArrayList<>();
        ProtocolOut out = new ProtocolOut(new PrintStream(OutputStream.nullOutputStream()));
        out.tap(line -> {
            lines.add(line);
            listener.accept(line);
        });
        Simulator.Options options = new Simulator.Options(config.box(), db, Optional.empty(), now,
                () -> Optional.<InputStream>of(new ByteArrayInputStream(DEMO_DATA)), gateways, () -> "simulated", at -> List.of(),
                new SecureRandom(), "proof");
        SimulatedBox box = Simulator.start(options, out);
        int startLines = lines.size();
        box.begin();
        return new ProofBox(box, lines, startLines);
    }

    SimulatedBox box() {
        return box;
    }

    /** Every line this box printed, from its start. */
    List<String> lines() {
        return lines;
    }

    /** The lines printed before the first frame: the start-up. */
    List<String> startLines() {
        return lines.subList(0, startLines);
    }

    int mark() {
        return lines.size();
    }

    List<String> since(int mark) {
        return List.copyOf(lines.subList(mark, lines.size()));
    }

    /**
     * The process dies: no stop, no latch held, no audit; the database connection goes away as
     * the operating system would close it. Only the files are left.
     */
    void crash() {
        gone = true;
        box.kiosk().data().database().close();
    }

    @Override
    public void close() {
        if (!gone) {
            gone = true;
            box.close();
        }
    }
}
