package org.smartbox.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.fleet.BrokerAccess;
import org.smartbox.fleet.MosquittoBroker;
import org.smartbox.fleet.OperatorClient;
import org.smartbox.fleet.Payloads;

/**
 * Fleet sync through the built jar, as a fleet operator and a box live it: the simulator with an
 * {@code mqtt.broker}, {@code smartbox publish} and {@code smartbox events}, a real Mosquitto on
 * 127.0.0.1.
 */
@Tag("mosquitto")
class FleetIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    @Test
    void operatorPushesDataAndWatchesEvents() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path config = config(broker);
            Process tail = start(dir.resolve("events.out"), "events", "--broker", broker.url(), "--box", "SB-DEMO",
                    "--count", "6", "--client-id", "ops-tail");
            awaitListening(dir.resolve("events.out"));
            try (SimProcess sim = SimProcess.start(dir, "--config", config.toString(), "--db",
                    dir.resolve("box.db").toString(), "--now", "2026-11-28T12:00:00Z")) {
                Path snapshot = write("snapshot.json", snapshot(8));
                Result applied = run("publish", snapshot.toString(), "--broker", broker.url(), "--timeout", "20");
                assertEquals(0, applied.status(), applied::toString);
                assertEquals("applied version 8", applied.out().strip());
                // The box printed the effect before it answered: it comes ahead of the next command's lines.
                assertTrue(sim.ok("advance 0").contains("AUDIT SYNC_APPLIED version=8 type=snapshot"),
                        sim.transcript()::toString);

                ObjectNode bad = snapshot(9);
                ((ObjectNode) bad.withArray("users").get(1)).put("mobile", "555-1234");
                Result rejected = run("publish", write("bad.json", bad).toString(), "--broker", broker.url(),
                        "--timeout", "20");
                assertEquals(1, rejected.status(), rejected::toString);
                assertTrue(rejected.out().startsWith("rejected: users[1].mobile: "), rejected::toString);
                assertTrue(rejected.out().contains("the box is at version 8"), rejected::toString);

                sim.ok("key 246800#");
                assertTrue(sim.ok("key 1#").contains("UNLOCK 6"), sim.transcript()::toString);
                sim.ok("take 6");
                assertEquals(0, sim.quit());
            }
            assertTrue(tail.waitFor(30, TimeUnit.SECONDS), "events --count 6 did not end: "
                    + Files.readString(dir.resolve("events.out")));
            assertEquals(0, tail.exitValue());
            List<String> events = Files.readAllLines(dir.resolve("events.out"));
            List<String> types = events.stream().map(l -> l.split(" ")[3]).toList();
            assertEquals(List.of("SYNC_APPLIED", "STARTED", "SYNC_APPLIED", "SYNC_REJECTED", "PICKUP", "STOPPED"),
                    types, events::toString);
            for (int i = 0; i < events.size(); i++) {
                assertTrue(events.get(i).startsWith("SB-DEMO " + i + " "), events::toString);
            }
            assertTrue(events.get(4).contains(" PICKUP user=u-nina key=k-6d slot=6 factor=NONE"), events::toString);
        }
    }

    @Test
    void operatorCommandsSayWhatWentWrong() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path snapshot = write("snapshot.json", snapshot(8));
            Result nobody = run("publish", snapshot.toString(), "--broker", broker.url(), "--timeout", "1");
            assertEquals(3, nobody.status(), nobody::toString);
            assertTrue(nobody.err().contains("not delivered: nothing is subscribed to smartbox/SB-DEMO/sync"),
                    nobody::toString);

            // Refused before any connection is tried: plaintext to another machine.
            Result plaintext = run("publish", snapshot.toString(), "--broker", "tcp://broker.example:1883");
            assertEquals(2, plaintext.status(), plaintext::toString);
            assertTrue(plaintext.err().contains("tcp:// sends everything in the clear"), plaintext::toString);

            Result noBox = run("publish", write("nobox.json", JSON.createObjectNode().put("schema", 1)).toString(),
                    "--broker", broker.url());
            assertEquals(2, noBox.status(), noBox::toString);
            assertTrue(noBox.err().contains("names no box"), noBox::toString);

            Result badConfig = run("simulate", "--script", "--config", write("bad.properties",
                    Files.readString(SimProcess.projectDir().resolve("device-config/simulator.properties"))
                            + "mqtt.broker=tcp://10.0.0.1:1883\n").toString());
            assertEquals(2, badConfig.status(), badConfig::toString);
            assertTrue(badConfig.err().contains("mqtt.broker"), badConfig::toString);
        }
    }

    @Test
    void boxRestartedWithABacklogResumesItAndAVanishedBoxShowsOffline() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path config = config(broker);
            Path db = dir.resolve("box.db");
            broker.stop();
            try (SimProcess first = SimProcess.start(dir, "--config", config.toString(), "--db", db.toString(),
                    "--now", "2026-11-28T12:00:00Z")) {
                first.ok("key 246800#");
                first.ok("key 1#");
                first.ok("take 6");
                assertEquals(0, first.quit());
            }
            broker.start();
            // Events 0-4: SYNC_APPLIED, STARTED, PICKUP, STOPPED (first run), STARTED (second run).
            Process tail = start(dir.resolve("events.out"), "events", "--broker", broker.url(), "--json",
                    "--count", "5", "--client-id", "ops-json");
            awaitListening(dir.resolve("events.out"));
            SimProcess second = SimProcess.start(dir, "--config", config.toString(), "--db", db.toString(),
                    "--now", "2026-11-28T12:10:00Z");
            try {
                assertTrue(tail.waitFor(30, TimeUnit.SECONDS), "the backlog did not arrive: "
                        + Files.readString(dir.resolve("events.out")));
                List<String> lines = Files.readAllLines(dir.resolve("events.out"));
                List<String> types = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    JsonNode event = JSON.readTree(lines.get(i));
                    assertEquals(i, event.get("seq").asInt(), lines::toString);
                    assertEquals("SB-DEMO", event.get("box").asText());
                    assertEquals(64, event.get("hash").asText().length());
                    types.add(event.get("type").asText());
                }
                assertEquals(List.of("SYNC_APPLIED", "STARTED", "PICKUP", "STOPPED", "STARTED"), types);
            } finally {
                // Pulled plug: no goodbye, the broker publishes the box's last will.
                second.close();
            }
            try (OperatorClient client = OperatorClient.connect(new BrokerAccess(URI.create(broker.url()),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                    (String) null, Duration.ofSeconds(10))) {
                client.subscribe("smartbox/SB-DEMO/status");
                String state = "";
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!state.equals("offline") && System.nanoTime() < end) {
                    OperatorClient.Message m = client.next(1000);
                    if (m != null) {
                        state = Payloads.statusState(m.payload()).orElse("");
                    }
                }
                assertEquals("offline", state, "the retained status after the box vanished");
            }
        }
    }

    @Test
    void eventsAcrossABrokerRestartArriveWithNoGapReported() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            Path config = config(broker);
            // A named consumer: the broker keeps its session, and what comes while it reconnects.
            Process tail = start(dir.resolve("events.out"), "events", "--broker", broker.url(), "--box", "SB-DEMO",
                    "--client-id", "ops-restart", "--for", "90");
            awaitListening(dir.resolve("events.out"));
            try (SimProcess sim = SimProcess.start(dir, "--config", config.toString(), "--db",
                    dir.resolve("box.db").toString(), "--now", "2026-11-28T12:00:00Z")) {
                sim.ok("key 246800#");
                sim.ok("key 1#");
                sim.ok("take 6");
                awaitEvents(dir.resolve("events.out"), 3);
                broker.restart();
                // Two unknown codes (IDENTIFY_FAILED each) while the box reconnects, then the stop.
                sim.ok("key 1234#");
                sim.ok("key 5678#");
                awaitEvents(dir.resolve("events.out"), 5);
                assertEquals(0, sim.quit());
                // Every event of the box, in order: SYNC_APPLIED, STARTED, PICKUP, 2 x IDENTIFY_FAILED, STOPPED.
                List<String> lines = awaitEvents(dir.resolve("events.out"), 6);
                tail.destroy();
                assertTrue(tail.waitFor(30, TimeUnit.SECONDS));
                for (int i = 0; i < lines.size(); i++) {
                    assertTrue(lines.get(i).startsWith("SB-DEMO " + i + " "), lines.toString());
                }
                assertEquals("STOPPED", lines.get(lines.size() - 1).split(" ")[3], lines.toString());
                String err = Files.readString(dir.resolve("events.out.err"));
                assertFalse(err.contains("gap"), "no gap reported: " + err);
                assertFalse(err.contains("started over"), err);
            }
        }
    }

    @Test
    void aThirtyFourMegabyteSnapshotReachesABoxWithA128MegabyteHeapThroughABrokerThatTakes256Kilobytes()
            throws Exception {
        Path data = dir.resolve("data");
        org.smartbox.bench.Dataset.generate(new org.smartbox.bench.Dataset.Size(54_000, 500, 216_000), 8).write(data);
        Path snapshot = data.resolve("snapshot.json");
        assertTrue(Files.size(snapshot) >= 34_000_000, Files.size(snapshot) + " bytes");
        long version = JSON.readTree(snapshot.toFile()).get("version").asLong();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "max_packet_size 262144\n")) {
            Path config = write("big.properties", "box.id=" + org.smartbox.bench.Dataset.BOX_ID
                    + "\nbox.slots=500\nsms.gateways=sim\nmqtt.broker=" + broker.url()
                    + "\nmqtt.reconnectMinSeconds=1\nmqtt.reconnectMaxSeconds=1\n");
            // The service's heap and collector (systemd/smartbox.service).
            List<String> service = List.of("-Xms32m", "-Xmx128m", "-Xss512k", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1");
            try (SimProcess sim = SimProcess.start(dir, service, "--config", config.toString(), "--db",
                    dir.resolve("big.db").toString(), "--now", "2026-11-28T12:00:00Z")) {
                awaitLog(sim, "connected to ");
                Result published = run("publish", snapshot.toString(), "--broker", broker.url(), "--timeout", "600");
                assertEquals(0, published.status(), published::toString);
                assertEquals("applied version " + version, published.out().strip());
                assertTrue(published.err().matches("(?s).*sending \\d{3} parts.*"), published.err());
                assertTrue(sim.ok("advance 0").contains("AUDIT SYNC_APPLIED version=" + version + " type=snapshot"),
                        sim.transcript()::toString);
                assertEquals(0, sim.quit());
                assertFalse(sim.errors().contains("OutOfMemoryError"), sim.errors());
            }
        }
    }

    /** Waits until the simulator logged {@code fragment} (its log goes to stderr). */
    private static void awaitLog(SimProcess sim, String fragment) {
        org.awaitility.Awaitility.await(fragment).atMost(java.time.Duration.ofSeconds(30))
                .until(() -> sim.errors().contains(fragment));
    }

    /** Waits until {@code smartbox events} printed {@code count} events; returns them. */
    private static List<String> awaitEvents(Path output, int count) {
        Path err = output.resolveSibling(output.getFileName() + ".err");
        return org.awaitility.Awaitility.await(count + " events").atMost(java.time.Duration.ofSeconds(60))
                .alias(count + " events; stderr of events: " + (Files.exists(err) ? err : ""))
                .until(() -> Files.readAllLines(output), lines -> lines.size() >= count);
    }

    private Path config(MosquittoBroker broker) throws IOException {
        String shipped = Files.readString(SimProcess.projectDir().resolve("device-config/simulator.properties"));
        return write("fleet.properties", shipped + "\nmqtt.broker=" + broker.url()
                + "\nmqtt.reconnectMinSeconds=1\nmqtt.reconnectMaxSeconds=1\nmqtt.keepAliveSeconds=5\n");
    }

    private static ObjectNode snapshot(long version) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(SimProcess.projectDir().resolve("device-config/demo-data.json")
                .toFile());
        doc.put("version", version);
        return doc;
    }

    private Path write(String name, Object content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content instanceof JsonNode node ? JSON.writeValueAsString(node) : content.toString(),
                StandardCharsets.UTF_8);
        return file;
    }

    private Process start(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", SimProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(output.toFile())
                .redirectError(dir.resolve(output.getFileName() + ".err").toFile()).start();
    }

    private Result run(String... args) throws Exception {
        Path out = dir.resolve("run.out");
        Process p = start(out, args);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command did not finish: " + List.of(args));
        return new Result(p.exitValue(), Files.readString(out), Files.readString(dir.resolve("run.out.err")));
    }

    /** Waits until {@code smartbox events} says it listens (its stderr): nothing sent after is missed. */
    private void awaitListening(Path output) throws Exception {
        Path err = dir.resolve(output.getFileName() + ".err");
        await("smartbox events says it listens").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(err) && Files.readString(err).contains("listening to "));
    }
}
