package org.smartbox.modem;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Two joined pseudo-terminals made by socat: the box opens one end as its serial port, the
 * {@link ModemEmulator} answers on the other. Killing socat is the pty closing under both ends.
 */
public final class PtyPair implements AutoCloseable {

    private final Path boxEnd;
    private final Path modemEnd;
    private Process socat;

    public PtyPair(Path dir) {
        this.boxEnd = dir.resolve("ttyBOX");
        this.modemEnd = dir.resolve("ttyMODEM");
    }

    /** Skips the calling test, with the reason, where socat is not installed (CI installs it). */
    public static void assumeSocat() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "socat"))) {
                found = true;
            }
        }
        Assumptions.assumeTrue(found, "socat is not on the PATH (apt-get install socat); pty tests skipped");
    }

    /** Starts socat and waits until both ends exist. */
    public synchronized PtyPair start() throws IOException {
        socat = new ProcessBuilder("socat", "pty,rawer,echo=0,link=" + boxEnd, "pty,rawer,echo=0,link=" + modemEnd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Await.until(() -> Files.exists(boxEnd) && Files.exists(modemEnd), Duration.ofSeconds(10),
                "socat made no ptys");
        return this;
    }

    public Path boxEnd() {
        return boxEnd;
    }

    public Path modemEnd() {
        return modemEnd;
    }

    /** Lets the emulator answer on the modem end. */
    public void serve(ModemEmulator emulator) throws IOException {
        emulator.serve(new FileInputStream(modemEnd.toFile()), new FileOutputStream(modemEnd.toFile()));
    }

    /** Both ptys close, as when a USB modem drops off the bus; socat removes the links. */
    public synchronized void kill() {
        // The emulator's thread may call this (a hang-up mid-send) while the test restarts the pair.
        Process running = socat;
        socat = null;
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(5, TimeUnit.SECONDS)) {
                running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
