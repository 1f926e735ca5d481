package org.smartbox.fleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.ScriptProtocol;
import org.smartbox.sim.SimulatedBox;
import org.smartbox.sim.Simulator;

/**
 * A simulated box with its fleet link, in this JVM, run as {@code smartbox simulate --script} runs
 * it: one driving thread takes script commands and the link's work in turn. The test hands it
 * commands and reads the protocol lines they caused.
 */
final class FleetBox implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final SimulatedBox box;
    private final FleetLink link;
    private final ScriptProtocol protocol;
    private final List<String> lines;
    private final Thread driver;
    private volatile boolean running = true;

    private FleetBox(SimulatedBox box, FleetLink link, ProtocolOut out, List<String> lines) {
        this.box = box;
        this.link = link;
        this.protocol = new ScriptProtocol(box, out);
        this.lines = lines;
        this.driver = new Thread(() -> {
            while (running) {
                try {
                    box.runPosted(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-box-driver");
    }

    static DeviceConfig config(MosquittoBroker broker, String extra) {
        return config(broker.url(), extra);
    }

    static DeviceConfig config(String brokerUrl, String extra) {
        // A config sets each key once: the simulated gateway unless the test names its own.
        String gateways = extra.contains("sms.gateways=") ? "" : "sms.gateways=sim\n";
        String text = "box.id=SB-DEMO\nbox.slots=12\n" + gateways
                + "grants.publicKey=MCowBQYDK2VwAyEADzFM3J09N0iBkrTnuTPVvb6Ek8WsVBBW9+fCdKXoL5Y=\n"
                + "mqtt.broker=" + brokerUrl + "\nmqtt.reconnectMinSeconds=1\nmqtt.reconnectMaxSeconds=1\n"
                + "mqtt.keepAliveSeconds=5\n" + extra;
        return DeviceConfig.from(ConfigFile.parse("test.properties",
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    /** Starts a box on {@code db} (demo data when empty) and its link. */
    static FleetBox start(Path db, DeviceConfig config) {
        return start(db, config, NOW);
    }

    /** As {@link #start(Path, DeviceConfig)}, its clock starting at {@code now}. */
    static FleetBox start(Path db, DeviceConfig config, Instant now) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ProtocolOut out = new ProtocolOut(new PrintStream(new ByteArrayOutputStream()));
        out.tap(lines::add);
        FleetLink link = FleetLink.create(config.mqtt().orElseThrow(), config.box().boxId(), "test", "test.properties");
        Simulator.Options options = new Simulator.Options(config.box(), db, Optional.empty(), now,
                FleetBox::demoData, kind -> {
                    if (kind.equals("cloud")) {
                        return link.smsGateway();
                    }
                    throw new IllegalArgumentException(kind);
                }, () -> "simulated", at -> List.of(), new SecureRandom(), "test");
        SimulatedBox box = Simulator.start(options, out);
        box.begin();
        FleetBox running = new FleetBox(box, link, out, lines);
        link.start(FleetPorts.of(box.kiosk().data(), box.kiosk().grants(), box.kiosk().clock(), new KioskAccess() {
            @Override
            public <T> CompletableFuture<T> call(Supplier<T> work) {
                return box.later(work);
            }
        }));
        running.driver.start();
        return running;
    }

    static Optional<InputStream> demoData() {
        try {
            return Optional.of(Files.newInputStream(Path.of("device-config/demo-data.json")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("tests run from the project folder", e);
        }
    }

    /** Runs a script command on the driving thread; returns its lines, the last being OK or ERROR. */
    List<String> command(String line) throws Exception {
        int mark = mark();
        onBox(() -> protocol.execute(line));
        return since(mark);
    }

    /** Runs {@code work} on the driving thread and waits for it. */
    <T> T onBox(Supplier<T> work) throws Exception {
        return box.later(work).get(60, TimeUnit.SECONDS);
    }

    SimulatedBox box() {
        return box;
    }

    FleetLink link() {
        return link;
    }

    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    List<String> since(int mark) {
        synchronized (lines) {
            return List.copyOf(lines.subList(mark, lines.size()));
        }
    }

    List<String> lines() {
        return since(0);
    }

    void awaitConnected(int seconds) {
        Awaitility.await("the link connects").atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(20))
                .until(link::connected);
    }

    /** Waits until the link noticed that the broker is gone. */
    void awaitDisconnected(int seconds) {
        Awaitility.await("the link notices the broker is gone").atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(20)).until(() -> !link.connected());
    }

    /** Waits until the box printed {@code line} after {@code mark}; returns the lines since the mark. */
    List<String> awaitLine(int mark, String line, int seconds) {
        return Awaitility.await("the line " + line).atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(20)).until(() -> since(mark), lines -> lines.contains(line));
    }

    /** Quits as the script's {@code quit} does (kiosk closed, STOPPED audited), then closes the link. */
    @Override
    public void close() throws Exception {
        if (running) {
            link.stopIntake();
            try {
                onBox(() -> {
                    box.close();
                    return null;
                });
            } finally {
                running = false;
                driver.interrupt();
                driver.join(5000);
                box.close();
                link.close();
            }
        }
    }
}
