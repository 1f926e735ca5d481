package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the cloud sends is lost because the box was down (SPEC §10): the box's persistent session
 * keeps its subscriptions at the broker, which holds what is published meanwhile and hands it over,
 * in order, when the box is back; and the retained status tells a consumer the box's newest event.
 */
@Tag("mosquitto")
class FleetDeliveryTest {

    private static final Topics TOPICS = new Topics("SB-DEMO");

    @TempDir
    Path dir;

    @Test
    void twoDeltasAndAGrantPublishedWhileTheBoxWasDownArriveInOrderAndTheExpiredGrantIsRefused() throws Exception {
        Path db = dir.resolve("box.db");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult())) {
            try (FleetBox first = FleetBox.start(db, FleetBox.config(broker, ""))) {
                first.awaitConnected(10);
            }
            // The box is down. The cloud publishes as it would at any time.
            assertEquals(0, cloud.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(8, 7, "Loft"))),
                    "the broker keeps the box's subscription: the document has a subscriber");
            cloud.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(9, 8, "Attic")));
            cloud.publish(TOPICS.grants(), Files.readAllBytes(Path.of("device-config/demo-grant.json")));

            // Back up ten minutes later: the grant's window (12:00-12:05) is over.
            try (FleetBox second = FleetBox.start(db, FleetBox.config(broker, ""),
                    FleetBox.NOW.plus(Duration.ofMinutes(10)))) {
                int mark = second.mark();
                second.awaitConnected(10);
                assertEquals(8, FleetSyncTest.result(cloud).version());
                assertEquals(9, FleetSyncTest.result(cloud).version());
                List<String> lines = second.awaitLine(mark, "AUDIT GRANT_REJECTED grant=g-demo-1 user=u-ada key=k-9f"
                        + " reason=expired", 15);
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> second.since(mark).contains(
                        "AUDIT SYNC_APPLIED version=9 type=delta"));
                lines = second.since(mark);
                assertTrue(lines.indexOf("AUDIT SYNC_APPLIED version=8 type=delta")
                        < lines.indexOf("AUDIT SYNC_APPLIED version=9 type=delta"), lines::toString);
                assertTrue(lines.stream().noneMatch(l -> l.startsWith("UNLOCK")), "nothing opened: " + lines);
                assertEquals("Attic", second.onBox(() -> second.box().kiosk().data().store().keys().key("k-12").orElseThrow()
                        .label()));
            }
        }
    }

    @Test
    void theStatusCarriesTheNewestEventSequenceNumberOfTheBoxsStream() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient ops = TestClient.connect(broker, TOPICS.status(), TOPICS.events());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            long newest = FleetEventsTest.lastSeq(box);
            Payloads.Status status = FleetSyncTest.status(ops, s -> s.state().equals("online"));
            assertEquals(newest, status.seq(), "the newest entry of the log when the box came online");
            Payloads.EventMessage event = Payloads.parseEvent(ops.next(TOPICS.events(), 10).payload());
            assertEquals(status.stream(), event.stream(), "events and status name the same stream");
            assertEquals(16, status.stream().length());
        }
    }

    @Test
    void aBoxClosedAfterACrashSaysOfflineWithTheReason() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient ops = TestClient.connect(broker, TOPICS.status())) {
            FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""));
            try {
                box.awaitConnected(10);
                FleetSyncTest.status(ops, s -> s.state().equals("online"));
            } finally {
                box.link().close("OutOfMemoryError/fleet-sync");
                box.close();
            }
            Payloads.Status status = FleetSyncTest.status(ops, s -> s.state().equals("offline"));
            assertEquals("crash: OutOfMemoryError/fleet-sync", status.reason());
        }
    }

    @Test
    void aBoxWhoseSessionTheBrokerKeepsIsOneAPublisherCanReachWhileItIsDown() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker)) {
            assertEquals(LinkSession.NO_MATCHING_SUBSCRIBERS, cloud.publish(new Topics("SB-NEVER").sync(),
                    Documents.bytes(Documents.relabel(8, 7, "Loft"))), "a box that never connected has no session");
            try (FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
                box.awaitConnected(10);
            }
            assertEquals(0, cloud.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(8, 7, "Loft"))));
            broker.restart();
            try (TestClient again = TestClient.connect(broker)) {
                assertEquals(0, again.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(9, 8, "Attic"))),
                        "the broker saved the session across its restart (persistence)");
            }
        }
    }
}
