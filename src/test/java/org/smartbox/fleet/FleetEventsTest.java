package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.kiosk.Kiosk;

/**
 * Audit events out through a real Mosquitto broker, at least once and in order: after an outage,
 * across a broker restart, across a box restart; and the keypad never waits for any of it.
 */
@Tag("mosquitto")
class FleetEventsTest {

    private static final Topics TOPICS = new Topics("SB-DEMO");
    /** A command at the box must answer at once, whatever the link does. */
    private static final long COMMAND_MILLIS = 3000;

    @TempDir
    Path dir;

    @Test
    void tenThousandQueuedEventsDrainInOrderAfterTheBrokerWasDown() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient consumer = TestClient.persistent(broker, "consumer-drain", Topics.allEvents());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            EventStream stream = new EventStream(consumer, TOPICS.events());
            box.awaitConnected(10);
            long started = lastSeq(box);
            stream.awaitThrough(started, 15);

            broker.stop();
            box.awaitDisconnected(15);
            pickUp(box, "246800", 1, 6);
            long queuedFrom = lastSeq(box) + 1;
            queue(box, 10_000);
            long last = lastSeq(box);
            assertEquals(queuedFrom + 9_999, last);
            assertTrue(box.onBox(() -> box.box().kiosk().data().audit().outboxBacklog()) >= 10_000,
                    "the outbox keeps everything while the broker is away");

            broker.start();
            long up = System.nanoTime();
            stream.resetClock();
            // Pickups go on while the backlog drains.
            pickUp(box, "246800", 2, 7);
            long pickup = lastSeq(box);
            stream.awaitThrough(last, 60);
            long drained = System.nanoTime();
            stream.awaitThrough(pickup, 30);
            assertEquals(List.of(), stream.gaps(), "no event may be missing");
            double rate = (last - started) / (stream.spanNanos() / 1e9);
            String report = String.format(Locale.ROOT,
                    "drained %d events in order: %.2f s from broker start, %.2f s from first to last event,"
                            + " %.0f events/s, %d duplicates", last - started, (drained - up) / 1e9,
                    stream.spanNanos() / 1e9, rate, stream.duplicates());
            System.out.println(report);
            Files.writeString(Path.of("target", "fleet-drain-rate.txt"), report + "\n", StandardCharsets.UTF_8);

            assertTrue(stream.events().stream().anyMatch(e -> e.type().equals("PICKUP")
                    && e.fields().get("slot").equals("7")), "the pickup during the drain went out too");
            // A fresh subscriber after the restart: the retained status, then any newer one, must reach an
            // empty backlog (a client from before the outage lost its clean session with the broker).
            try (TestClient cloud = TestClient.connect(broker, TOPICS.status())) {
                FleetSyncTest.status(cloud, s -> s.backlog() == 0);
            }
        }
    }

    @Test
    void brokerRestartedMidStreamLosesNoEvent() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient consumer = TestClient.persistent(broker, "consumer-restart", Topics.allEvents());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, "mqtt.eventBatch=20\n"))) {
            EventStream stream = new EventStream(consumer, TOPICS.events());
            box.awaitConnected(10);
            queue(box, 3000);
            long last = lastSeq(box);
            stream.awaitThrough(300, 30);
            long waiting = box.onBox(() -> box.box().kiosk().data().audit().outboxBacklog());
            broker.restart();
            assertTrue(waiting > 0, "the restart came mid-stream");
            pickUp(box, "246800", 1, 6);
            long pickup = lastSeq(box);
            stream.awaitThrough(pickup, 60);
            assertEquals(List.of(), stream.gaps(), "no event may be missing across the restart");
            assertTrue(stream.highest() >= last);
        }
    }

    @Test
    void boxRestartedWithABacklogResumesIt() throws Exception {
        Path db = dir.resolve("box.db");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient consumer = TestClient.persistent(broker, "consumer-box-restart", Topics.allEvents())) {
            EventStream stream = new EventStream(consumer, TOPICS.events());
            broker.stop();
            long stopped;
            try (FleetBox first = FleetBox.start(db, FleetBox.config(broker, ""))) {
                pickUp(first, "246800", 1, 6);
                queue(first, 500);
                assertFalse(first.link().connected());
            }
            try (FleetBox second = FleetBox.start(db, FleetBox.config(broker, ""))) {
                List<String> lines = second.lines();
                stopped = second.onBox(() -> second.box().kiosk().data().audit().list(0, 10_000).stream()
                        .filter(r -> r.event().type() == AuditType.STOPPED).findFirst().orElseThrow().seq());
                broker.start();
                second.awaitConnected(10);
                long last = lastSeq(second);
                stream.awaitThrough(last, 30);
                assertEquals(List.of(), stream.gaps());
                assertEquals(0, stream.events().get(0).seq(), "from the very first event on");
                assertEquals("STOPPED", stream.events().get((int) stopped).type());
                assertEquals("STARTED", stream.events().get((int) stopped + 1).type());
                assertTrue(stream.events().stream().anyMatch(e -> e.type().equals("PICKUP")), lines::toString);
            }
        }
    }

    /**
     * A chained entry of a type this version does not know (a newer version wrote it before a
     * downgrade) goes out as it is, type and all, and the events after it follow (issue 14 item 2).
     */
    @Test
    void anEntryOfAnUnknownTypeIsUploadedAsItIsAndHoldsBackNothing() throws Exception {
        Path db = dir.resolve("box.db");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient consumer = TestClient.persistent(broker, "consumer-unknown", Topics.allEvents());
             FleetBox box = FleetBox.start(db, FleetBox.config(broker, ""))) {
            EventStream stream = new EventStream(consumer, TOPICS.events());
            box.awaitConnected(10);
            stream.awaitThrough(lastSeq(box), 15);
            long bogus = box.onBox(() -> {
                Kiosk kiosk = box.box().kiosk();
                return kiosk.data().database().inTransaction(() -> {
                    // What a newer version leaves behind: a row in the chain whose type this one lacks.
                    long seq = kiosk.data().audit().append(AuditEvent.of(AuditType.DIAG, "test", "before"),
                            kiosk.clock().now().wall()).seq() + 1;
                    kiosk.data().database().execute("INSERT INTO audit (seq, at, type, fields, prev_hash, hash)"
                            + " VALUES (" + seq + ", '2026-11-28T12:00:01Z', 'BOGUS', '{\"from\":\"v9\"}',"
                            + " X'00', X'00')");
                    kiosk.data().database().execute("INSERT INTO outbox (seq) VALUES (" + seq + ")");
                    return seq;
                });
            });
            pickUp(box, "246800", 1, 6);
            long last = lastSeq(box);
            assertTrue(last > bogus);
            stream.awaitThrough(last, 30);
            assertEquals(List.of(), stream.gaps(), "nothing after the unknown entry is held back");
            Payloads.EventMessage unknown = stream.events().get((int) bogus);
            assertEquals("BOGUS", unknown.type());
            assertEquals("v9", unknown.fields().get("from"));
        }
    }

    /** Identifies with {@code code} (no 2FA), picks list {@code item}, takes the key out of {@code slot}. */
    static void pickUp(FleetBox box, String code, int item, int slot) throws Exception {
        List<String> identify = timed(box, "key " + code + "#");
        if (!identify.contains("UNLOCK " + slot)) {
            identify = timed(box, "key " + item + "#");
        }
        assertTrue(identify.contains("UNLOCK " + slot), identify::toString);
        List<String> taken = timed(box, "take " + slot);
        assertTrue(taken.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP ") && l.contains("slot=" + slot)),
                taken::toString);
    }

    private static List<String> timed(FleetBox box, String command) throws Exception {
        long start = System.nanoTime();
        List<String> lines = box.command(command);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("OK", lines.get(lines.size() - 1), () -> command + ": " + lines);
        assertTrue(millis < COMMAND_MILLIS, command + " took " + millis + " ms");
        return lines;
    }

    /** Appends {@code count} events in one transaction, as a busy box would over days. */
    static void queue(FleetBox box, int count) throws Exception {
        box.onBox(() -> {
            Kiosk kiosk = box.box().kiosk();
            return kiosk.data().database().inTransaction(() -> {
                for (int i = 0; i < count; i++) {
                    kiosk.data().audit().append(AuditEvent.of(AuditType.DIAG, "test", i), box.box().clock().now().wall());
                }
                return null;
            });
        });
    }

    static long lastSeq(FleetBox box) throws Exception {
        return box.onBox(() -> box.box().kiosk().data().audit().size() - 1);
    }

}
