package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync documents and grants through a real Mosquitto broker to a simulated box. */
@Tag("mosquitto")
class FleetSyncTest {

    private static final Topics TOPICS = new Topics("SB-DEMO");

    @TempDir
    Path dir;

    @Test
    void snapshotAndDeltaArriveAndApply() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult(), TOPICS.status());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            Payloads.Status online = status(cloud, s -> s.state().equals("online"));
            assertEquals(7, online.version());

            cloud.publish(TOPICS.sync(), Documents.bytes(Documents.snapshot(8)));
            Payloads.SyncResult snapshot = result(cloud);
            assertEquals("applied", snapshot.status());
            assertEquals(8, snapshot.version());
            assertTrue(box.lines().contains("AUDIT SYNC_APPLIED version=8 type=snapshot"), box.lines()::toString);

            cloud.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(9, 8, "Loft")));
            Payloads.SyncResult delta = result(cloud);
            assertEquals("applied", delta.status());
            assertEquals(9, delta.version());
            assertEquals(9, box.onBox(() -> box.box().kiosk().data().store().state().cacheVersion()));
            assertEquals("Loft", box.onBox(() -> box.box().kiosk().data().store().keys().key("k-12").orElseThrow().label()));
            assertEquals(9, status(cloud, s -> s.version() == 9).version());
        }
    }

    /** Issue 20: eleven 4-digit codes leave 909 possible codes per assigned one, under the bound. */
    @Test
    void aDeltaThatLeavesTheCodeSpaceUnderTheBoundAppliesWithTheCodeSpaceWarning() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            StringBuilder users = new StringBuilder();
            for (int i = 0; i < 11; i++) {
                users.append(i == 0 ? "" : ",").append(String.format("{\"id\": \"u-short%d\", \"name\": \"S%d\","
                        + " \"mobile\": \"+1555002%04d\", \"accountCode\": \"%04d\"}", i, i, i, 1000 + 7 * i));
            }
            cloud.publish(TOPICS.sync(), "{\"schema\": 1, \"type\": \"delta\", \"boxId\": \"SB-DEMO\", \"version\": 8,"
                    + " \"baseVersion\": 7, \"upsert\": {\"users\": [" + users + "]}}");
            TestClient.Message answer = cloud.next(TOPICS.syncResult(), 15);
            Payloads.SyncResult applied = Payloads.parseResult(answer.payload());
            assertEquals("applied", applied.status());
            List<String> warnings = Payloads.warnings(answer.payload());
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).startsWith("users: 11 account codes of 4 digits leave 909 possible codes"), warnings.get(0));
            assertTrue(box.lines().contains("AUDIT SYNC_APPLIED version=8 type=delta warning=code_space"),
                    box.lines()::toString);
        }
    }

    @Test
    void badDocumentIsAnsweredWithItsJsonPathAndChangesNothing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            ObjectNode bad = Documents.snapshot(8);
            ((ObjectNode) bad.withArray("users").get(1)).put("mobile", "555-1234");
            byte[] badBytes = Documents.bytes(bad);
            cloud.publish(TOPICS.sync(), badBytes);
            Payloads.SyncResult rejected = result(cloud);
            assertEquals("rejected", rejected.status());
            assertEquals("users[1].mobile", rejected.path());
            assertTrue(rejected.message().startsWith("users[1].mobile: "), rejected.message());
            assertFalse(rejected.message().contains("555-1234"), "the number is masked: " + rejected.message());
            assertEquals(7, rejected.currentVersion());
            assertFalse(rejected.needSnapshot());
            assertEquals(SyncDownlink.sha256(badBytes), rejected.sha256());
            assertTrue(box.lines().contains("AUDIT SYNC_REJECTED path=users[1].mobile"), box.lines()::toString);
            assertEquals(7, box.onBox(() -> box.box().kiosk().data().store().state().cacheVersion()));

            cloud.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(12, 11, "Loft")));
            Payloads.SyncResult gap = result(cloud);
            assertEquals("rejected", gap.status());
            assertEquals("baseVersion", gap.path());
            assertTrue(gap.needSnapshot(), "an out-of-order delta asks for a snapshot");

            cloud.publish(TOPICS.sync(), "{\"schema\":1,");
            Payloads.SyncResult broken = result(cloud);
            assertEquals("rejected", broken.status());
            assertEquals(7, box.onBox(() -> box.box().kiosk().data().store().state().cacheVersion()));
        }
    }

    @Test
    void sameDocumentTwiceIsAppliedOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            byte[] doc = Documents.bytes(Documents.relabel(8, 7, "Loft"));
            cloud.publish(TOPICS.sync(), doc);
            assertEquals("applied", result(cloud).status());
            cloud.publish(TOPICS.sync(), doc);
            Payloads.SyncResult again = result(cloud);
            assertEquals("applied", again.status());
            assertTrue(again.duplicate());
            assertEquals(1, box.lines().stream().filter(l -> l.startsWith("AUDIT SYNC_APPLIED version=8")).count());
        }
    }

    @Test
    void grantFromTheBrokerIsOfferedAndReleasesTheSlotOnHash() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker);
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            box.command("advance 60");
            int mark = box.mark();
            cloud.publish(TOPICS.grants(), Files.readAllBytes(Path.of("device-config/demo-grant.json")));
            List<String> offered = box.awaitLine(mark, "AUDIT GRANT_OFFERED grant=g-demo-1 user=u-ada key=k-9f slot=9", 15);
            assertTrue(offered.stream().noneMatch(l -> l.startsWith("UNLOCK")), "nobody pressed # yet: " + offered);
            List<String> lines = box.command("key #");
            assertTrue(lines.contains("UNLOCK 9"), lines::toString);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("DISPLAY Take key from slot 9")), lines::toString);
            List<String> taken = box.command("take 9");
            assertTrue(taken.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP user=u-ada key=k-9f slot=9 factor=APP")),
                    taken::toString);
        }
    }

    static Payloads.SyncResult result(TestClient cloud) throws Exception {
        return Payloads.parseResult(cloud.next(TOPICS.syncResult(), 15).payload());
    }

    static Payloads.Status status(TestClient cloud, java.util.function.Predicate<Payloads.Status> match)
            throws Exception {
        while (true) {
            TestClient.Message m = cloud.next(TOPICS.status(), 15);
            Payloads.Status s = parseStatus(m.payload());
            if (match.test(s)) {
                return s;
            }
        }
    }

    static Payloads.Status parseStatus(byte[] payload) throws Exception {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload);
        return new Payloads.Status(node.path("box").asText(), node.path("state").asText(),
                node.path("version").asLong(), null, node.path("backlog").asLong(-1), node.path("stream").asText(),
                node.path("seq").asLong(-1), node.path("software").asText(), java.time.Instant.EPOCH,
                node.path("reason").asText(null));
    }
}
