package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cloud SMS uplink as a gateway of the chain: first choice, and failover to the next one. */
@Tag("mosquitto")
class CloudSmsTest {

    private static final Topics TOPICS = new Topics("SB-DEMO");
    private static final String GUS = "+15550000002";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private FleetBox box(MosquittoBroker broker) {
        return FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker,
                "sms.gateways=cloud,sim\nmqtt.smsAckSeconds=1\n"));
    }

    @Test
    void theCloudSendsTheCodeAndSaysSo() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.sms());
             FleetBox box = box(broker)) {
            box.awaitConnected(10);
            CompletableFuture<List<String>> identify = async(box, "key 5550000002#");
            JsonNode request = JSON.readTree(cloud.next(TOPICS.sms(), 10).payload());
            assertEquals(GUS, request.get("to").asText());
            Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(request.get("text").asText());
            assertTrue(code.find(), request::toString);
            cloud.publish(TOPICS.smsAck(), Payloads.smsAck(request.get("id").asText(), true, null));
            List<String> lines = identify.get(10, TimeUnit.SECONDS);
            assertTrue(lines.contains("AUDIT CODE_SENT user=u-gus to=***0002"), lines::toString);
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("SMS ")), "the simulated gateway was not needed");
            List<String> accepted = box.command("key " + code.group(1) + "#");
            assertTrue(accepted.contains("AUDIT CODE_ACCEPTED user=u-gus factor=SMS"), accepted::toString);
        }
    }

    @Test
    void anAnswerThatDoesNotSaySentIsNoSend() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.sms());
             FleetBox box = box(broker)) {
            box.awaitConnected(10);
            CompletableFuture<List<String>> identify = async(box, "key 5550000002#");
            JsonNode request = JSON.readTree(cloud.next(TOPICS.sms(), 10).payload());
            // The right id, but no "status":"sent": the cloud did not say it sent anything.
            cloud.publish(TOPICS.smsAck(), "{\"id\":\"" + request.get("id").asText() + "\"}");
            List<String> lines = identify.get(10, TimeUnit.SECONDS);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("SMS " + GUS + " ")),
                    "the next gateway sent it: " + lines);
        }
    }

    @Test
    void noAnswerInTimeFallsToTheNextGateway() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.sms());
             FleetBox box = box(broker)) {
            box.awaitConnected(10);
            List<String> lines = box.command("key 5550000002#");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("SMS " + GUS + " ")), lines::toString);
            cloud.next(TOPICS.sms(), 5);
        }
    }

    @Test
    void aRefusalFallsToTheNextGateway() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.sms());
             FleetBox box = box(broker)) {
            box.awaitConnected(10);
            CompletableFuture<List<String>> identify = async(box, "key 5550000002#");
            JsonNode request = JSON.readTree(cloud.next(TOPICS.sms(), 10).payload());
            cloud.publish(TOPICS.smsAck(), Payloads.smsAck(request.get("id").asText(), false, "no_credit"));
            List<String> lines = identify.get(10, TimeUnit.SECONDS);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("SMS " + GUS + " ")), lines::toString);
        }
    }

    @Test
    void offlineFailsAtOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             FleetBox box = box(broker)) {
            box.awaitConnected(10);
            broker.stop();
            box.awaitDisconnected(15);
            long start = System.nanoTime();
            List<String> lines = box.command("key 5550000002#");
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(900), "no waiting while offline");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("SMS " + GUS + " ")), lines::toString);
        }
    }

    private static CompletableFuture<List<String>> async(FleetBox box, String command) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return box.command(command);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
