package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway scenarios through the real transport: jssc on one end of a socat pty pair, the
 * emulator on the other. Killing socat is the pty closing, as a USB modem dropping off the bus does.
 */
@Tag("socat")
class PtyGatewayTest extends GatewayScenarios {

    @TempDir
    Path dir;

    private PtyPair pty;
    private JsscModemPort port;

    @BeforeEach
    void startPty() throws IOException {
        PtyPair.assumeSocat();
        pty = new PtyPair(dir).start();
        pty.serve(emulator);
        port = new JsscModemPort(pty.boxEnd().toString(), 115200);
    }

    @AfterEach
    void stopPty() {
        if (pty != null) {
            pty.kill();
        }
    }

    @Override
    Duration commandTimeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    Duration sendTimeout() {
        return Duration.ofSeconds(3);
    }

    @Override
    ModemPort port() {
        return port;
    }

    @Override
    void hangUpLine() {
        pty.kill();
    }

    @Override
    void restoreLine() throws IOException {
        pty.start();
        pty.serve(emulator);
    }

    @Test
    void portThatDoesNotExistIsGone() {
        port = new JsscModemPort(dir.resolve("ttyNONE").toString(), 115200);

        assertEquals("modem port " + dir.resolve("ttyNONE") + " is gone", failure(Duration.ZERO).getMessage());
        assertEquals("no modem", gateway().signalText());
    }

    @Test
    void hangUpWhileIdleIsSeenAndEndsTheReader() throws Exception {
        gateway().checkHealth();
        Thread reader = port.readerThread();
        assertTrue(reader.isAlive());

        pty.kill();
        Await.until(() -> !reader.isAlive(), Duration.ofSeconds(3), "the reader thread still runs after the hang-up");
        ModemHealth health = gateway().checkHealth();
        assertEquals(ModemHealth.State.DOWN, health.state());
        assertEquals("no modem", health.shortText());
        assertTrue(health.lastError().orElseThrow().matches("modem port .* (is gone|hung up)"),
                health.lastError()::toString);
    }

    @Test
    void closingTheGatewayEndsTheReader() throws Exception {
        gateway().checkHealth();
        Thread reader = port.readerThread();

        gateway.close();
        Await.until(() -> !reader.isAlive(), Duration.ofSeconds(3), "the reader thread outlived close()");
        assertFalse(reader.isAlive());
    }

    @Test
    void monitorReopensInTheBackgroundWhenThePortComesBack() throws Exception {
        gateway = new ModemGateway(port, settings(java.util.Optional.empty()), System::nanoTime,
                java.time.Clock.systemUTC());
        gateway.startMonitor();
        Await.until(() -> gateway.health().state() == ModemHealth.State.READY, Duration.ofSeconds(15),
                "the monitor did not open the modem");

        pty.kill();
        Await.until(() -> gateway.health().state() == ModemHealth.State.DOWN, Duration.ofSeconds(5),
                "the monitor did not notice the port going");
        restoreLine();
        Await.until(() -> gateway.health().state() == ModemHealth.State.READY, Duration.ofSeconds(20),
                "the monitor did not reopen the port");
        assertSent();
    }
}
