package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smartbox events} against what a broker can carry (issue 17 item 3, issue 21 items 3 and 6):
 * the box is the topic's, whatever a payload claims; nothing received reaches the terminal raw; gaps
 * and a sequence that started over are reported per box; shared subscriptions split a fleet's events;
 * and a broker that never answers does not keep {@code --for} waiting.
 */
@Tag("mosquitto")
class EventsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static byte[] event(String box, String stream, long seq, String type, String user) throws Exception {
        ObjectNode node = JSON.createObjectNode();
        node.put("box", box).put("stream", stream).put("seq", seq).put("at", "2026-11-28T12:00:05Z").put("type", type);
        node.putObject("fields").put("user", user);
        node.put("hash", "0".repeat(64));
        return JSON.writeValueAsBytes(node);
    }

    @Test
    void theBoxIsTheTopicsAndAnEventThatClaimsAnotherIsReportedNotTrusted() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient evil = TestClient.connect(broker)) {
            Command tail = Command.start("events", "--broker", broker.url(), "--count", "3", "--for", "30")
                    .awaitListening();
            // Published on SB-EVIL's topic, claiming to be SB-DEMO with a huge sequence number and a
            // field that would forge a second line and clear the screen.
            evil.publish("smartbox/SB-EVIL/events", event("SB-DEMO", "s1", 999_999_999, "PICKUP",
                    "x\nSB-DEMO 7 2026-11-28T12:00:05Z PICKUP user=forged\u001b[2J"));
            evil.publish("smartbox/SB-DEMO/events", event("SB-DEMO", "s1", 0, "STARTED", "u-real"));
            evil.publish("smartbox/SB-DEMO/events", event("SB-DEMO", "s1", 1, "PICKUP", "u-real"));
            assertEquals(0, tail.status(30), tail.err());
            List<String> lines = tail.outLines();
            assertEquals(3, lines.size(), "one line per event, none forged: " + lines);
            assertTrue(lines.get(0).startsWith("SB-EVIL 999999999 "), lines.get(0));
            assertTrue(lines.get(0).contains("user=x\\nSB-DEMO 7 2026-11-28T12:00:05Z PICKUP user=forged\\u001b[2J"),
                    lines.get(0));
            assertTrue(lines.get(0).endsWith(" claimedBox=SB-DEMO"), lines.get(0));
            assertTrue(lines.get(1).startsWith("SB-DEMO 0 "), "the real SB-DEMO events are not suppressed: " + lines);
            assertTrue(lines.get(2).startsWith("SB-DEMO 1 "), lines.toString());
            assertTrue(tail.err().contains("smartbox/SB-EVIL/events: the event says it is from \"SB-DEMO\""),
                    tail.err());
            assertFalse(tail.out().contains("\u001b"), "no escape sequence reaches the terminal");
        }
    }

    @Test
    void asJsonTheBoxIsTheTopicsAndWhatThePayloadClaimedIsKeptApart() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient evil = TestClient.connect(broker)) {
            Command tail = Command.start("events", "--broker", broker.url(), "--json", "--count", "1", "--for", "30")
                    .awaitListening();
            evil.publish("smartbox/SB-EVIL/events", event("SB-DEMO", "s1", 5, "PICKUP\u009b31m", "u"));
            assertEquals(0, tail.status(30), tail.err());
            String line = tail.outLines().get(0);
            JsonNode node = JSON.readTree(line);
            assertEquals("SB-EVIL", node.get("box").asText());
            assertEquals("SB-DEMO", node.get("claimedBox").asText());
            assertEquals("PICKUP\u009b31m", node.get("type").asText(), "the same value for a JSON reader");
            assertFalse(line.contains("\u009b"), "but no C1 control on the terminal: " + line);
        }
    }

    @Test
    void aGapAndASequenceThatStartedOverAreReportedForTheirBox() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient box = TestClient.connect(broker)) {
            Command tail = Command.start("events", "--broker", broker.url(), "--count", "5", "--for", "30")
                    .awaitListening();
            String topic = "smartbox/SB-DEMO/events";
            box.publish(topic, event("SB-DEMO", "aaaa", 0, "STARTED", "u"));
            box.publish(topic, event("SB-DEMO", "aaaa", 1, "PICKUP", "u"));
            box.publish(topic, event("SB-DEMO", "aaaa", 1, "PICKUP", "u")); // again: at least once
            box.publish(topic, event("SB-DEMO", "aaaa", 4, "RETURN", "u"));
            box.publish(topic, event("SB-DEMO", "bbbb", 0, "STARTED", "u")); // a new database
            box.publish(topic, event("SB-DEMO", "bbbb", 1, "PICKUP", "u"));
            assertEquals(0, tail.status(30), tail.err());
            assertEquals(5, tail.outLines().size(), "the duplicate printed once: " + tail.outLines());
            assertTrue(tail.err().contains("SB-DEMO: gap: events 2..3 did not arrive"), tail.err());
            assertTrue(tail.err().contains("SB-DEMO: its event sequence started over at 0 (a new event log bbbb;"
                    + " the last seen was 4 of aaaa)"), tail.err());
        }
    }

    @Test
    void consumersOfOneSharedSubscriptionSplitTheEventsBetweenThem() throws Exception {
        int events = 40;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient box = TestClient.connect(broker)) {
            Command first = Command.start("events", "--broker", broker.url(), "--share", "ops", "--for", "5")
                    .awaitListening();
            Command second = Command.start("events", "--broker", broker.url(), "--share", "ops", "--for", "5")
                    .awaitListening();
            for (int seq = 0; seq < events; seq++) {
                box.publish("smartbox/SB-DEMO/events", event("SB-DEMO", "aaaa", seq, "DIAG", "u"));
            }
            assertEquals(0, first.status(30));
            assertEquals(0, second.status(30));
            Set<String> seen = new HashSet<>();
            for (Command c : List.of(first, second)) {
                assertFalse(c.outLines().isEmpty(), "both consumers took a share");
                assertFalse(c.err().contains("gap"), "no gap is reported for a share: " + c.err());
                for (String line : c.outLines()) {
                    assertTrue(seen.add(line.split(" ")[1]), "each event went to one consumer only: " + line);
                }
            }
            assertEquals(events, seen.size(), "together they have every event");
        }
    }

    @Test
    void forSecondsAgainstABrokerThatNeverAnswersEndsInThoseSeconds() throws Exception {
        try (FakeBroker silent = new FakeBroker(FakeBroker.Mode.SILENT)) {
            Command tail = Command.run("events", "--broker", silent.url(), "--for", "3");
            assertEquals(3, tail.status(1), tail.err());
            assertTrue(tail.seconds() < 12, "ended after " + tail.seconds() + " s, not the 30 s connect timeout");
            assertTrue(tail.err().contains(silent.url()), tail.err());
        }
    }

    @Test
    void aNamedConsumerMissesNothingWhileItIsAway() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient box = TestClient.connect(broker)) {
            Command first = Command.start("events", "--broker", broker.url(), "--client-id", "ops-1", "--count", "1",
                    "--for", "30").awaitListening();
            box.publish("smartbox/SB-DEMO/events", event("SB-DEMO", "aaaa", 0, "STARTED", "u"));
            assertEquals(0, first.status(30));
            // Away: the broker keeps its session and queues what comes meanwhile.
            box.publish("smartbox/SB-DEMO/events", event("SB-DEMO", "aaaa", 1, "PICKUP", "u"));
            Command again = Command.start("events", "--broker", broker.url(), "--client-id", "ops-1", "--count", "1",
                    "--for", "30");
            assertEquals(0, again.status(30), again.err());
            assertTrue(again.outLines().get(0).startsWith("SB-DEMO 1 "), again.out());
        }
    }
}
