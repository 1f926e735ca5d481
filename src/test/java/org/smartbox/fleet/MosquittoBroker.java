package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for tests: listens on 127.0.0.1 only, on a free port, with its config,
 * persistence file and log in the test's folder. Stop and start it again to cut the link; the port
 * stays the same. Tests that need it are skipped, with a clear message, where mosquitto is missing.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/mosquitto"),
            Path.of("/usr/bin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"), Path.of("/usr/local/bin/mosquitto"));

    /** Brokers still running when the JVM ends (a test that never reached its close) are stopped then. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "mosquitto-reaper"));
    }

    private final Path dir;
    private final Path executable;
    private final int port;
    private final Path config;
    private Process process;

    private MosquittoBroker(Path dir, Path executable, int port, String extraConfig) throws IOException {
        this.dir = dir;
        this.executable = executable;
        this.port = port;
        this.config = dir.resolve("mosquitto.conf");
        String text = "listener " + port + " 127.0.0.1\n"
                // Run as whoever runs the tests: started as root, mosquitto would otherwise switch to
                // its own user, which cannot write its persistence file into the test's folder.
                + "user " + System.getProperty("user.name") + "\n"
                + "allow_anonymous true\n"
                + "persistence true\n"
                + "persistence_location " + dir.toAbsolutePath() + "/\n"
                // Consumers in the tests may fall behind a fast box: queue, never drop.
                + "max_queued_messages 0\n"
                + "max_inflight_messages 100\n"
                + "log_dest file " + dir.resolve("mosquitto.log").toAbsolutePath() + "\n"
                + "log_type error\nlog_type warning\nlog_type notice\n"
                + extraConfig;
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    /** Starts a broker in {@code dir}; skips the test when mosquitto is not installed. */
    public static MosquittoBroker start(Path dir) throws IOException {
        return start(dir, "");
    }

    /** As {@link #start(Path)}, with more config lines (a TLS listener, say). */
    public static MosquittoBroker start(Path dir, String extraConfig) throws IOException {
        Path executable = executable();
        assumeTrue(executable != null, "mosquitto is not installed (apt-get install mosquitto): MQTT tests skipped");
        Files.createDirectories(dir);
        MosquittoBroker broker = new MosquittoBroker(dir, executable, freePort(), extraConfig);
        broker.start();
        return broker;
    }

    static Path executable() {
        for (Path candidate : CANDIDATES) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-c", config.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        RUNNING.add(process);
        Process started = process;
        await("mosquitto listening on 127.0.0.1:" + port).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .failFast(() -> assertTrue(started.isAlive(), () -> "mosquitto exited at start: " + log()))
                .until(this::listening);
    }

    private boolean listening() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the broker as an operator would (SIGTERM): it saves its persistence file first. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
        process = null;
    }

    public void restart() throws IOException {
        stop();
        start();
    }

    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            Path out = dir.resolve("mosquitto.out");
            return (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }
}
