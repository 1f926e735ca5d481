package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers that misbehave (issue 21, items 1 and 2): one that takes TCP and never answers CONNECT,
 * and one that ignores the box's Maximum Packet Size. The link must end every attempt, keep trying
 * with back-off, say so at WARN, and never read a packet larger than {@code mqtt.maxMessageBytes}.
 */
@Tag("mosquitto")
class BrokerTroubleTest {

    private static final String QUICK = "mqtt.connectTimeoutSeconds=1\n";

    @TempDir
    Path dir;

    @Test
    void aBrokerThatNeverAnswersConnectCannotWedgeTheLink() throws Exception {
        try (LogCapture log = new LogCapture();
             FakeBroker hung = new FakeBroker(FakeBroker.Mode.SILENT);
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(hung.url(), QUICK))) {
            // Every attempt ends: the box itself closes each connection the broker never answered.
            Awaitility.await("three attempts, each given up").atMost(Duration.ofSeconds(30))
                    .until(() -> hung.closedByClient() >= 3);
            assertFalse(box.link().connected());
            assertTrue(mqttThreads() <= 16, "no client of a given-up attempt lives on: " + mqttThreads() + " threads");
            assertFalse(log.lines("[WARN]", "cannot connect to " + hung.url()).isEmpty(),
                    "a failing connect is said at WARN: " + log.lines());

            // The same address now leads to a healthy broker: the next attempt gets through.
            try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
                 TestClient ops = TestClient.connect(broker, new Topics("SB-DEMO").status())) {
                hung.forwardTo(broker.port());
                box.awaitConnected(15);
                assertEquals("online", FleetSyncTest.status(ops, s -> s.state().equals("online")).state());
                List<String> pickup = box.command("key 246800#");
                assertEquals("OK", pickup.get(pickup.size() - 1), "the keypad never waited for any of it");
            }
        }
    }

    @Test
    void aPacketLargerThanMaxMessageBytesIsRefusedFromItsHeaderAndTheBoxGoesOn() throws Exception {
        long claimed = 200L * 1024 * 1024;
        try (LogCapture log = new LogCapture();
             FakeBroker rogue = new FakeBroker(FakeBroker.Mode.OVERSIZED);
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(rogue.url(), QUICK))) {
            rogue.sendOversized(claimed);
            Awaitility.await("the box drops the connection and tries again").atMost(Duration.ofSeconds(30))
                    .until(() -> rogue.accepted() >= 2);
            // Only what the sockets' buffers took went out: the box never read the body.
            assertTrue(rogue.oversizedBytesWritten() < 32L * 1024 * 1024, rogue.oversizedBytesWritten() + " bytes");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !log.lines("[WARN]",
                    "this box takes at most 262144 (mqtt.maxMessageBytes)").isEmpty());
            List<String> pickup = box.command("key 246800#");
            assertEquals("OK", pickup.get(pickup.size() - 1));
        }
    }

    /** Threads of the MQTT clients (receiver, sender, callback, pinger of each; the link runs them in its pool). */
    private static int mqttThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().startsWith("MQTT") || t.getName().startsWith("fleet-mqtt")))
                .count();
    }
}
