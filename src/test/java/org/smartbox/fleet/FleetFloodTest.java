package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditType;
import org.smartbox.kiosk.RefusalAudit;
import org.smartbox.store.AuditRecord;

/**
 * Floods and large documents through a real Mosquitto (issue 21, items 1 and 4): every document is
 * answered, in order; a flood of forged grants is counted, not written entry by entry, and turns no
 * legitimate grant or document away; a document too large for one message arrives in parts; and
 * one larger than the box takes never reaches it.
 */
@Tag("mosquitto")
class FleetFloodTest {

    private static final Topics TOPICS = new Topics("SB-DEMO");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aBurstOfDeltasIsAppliedInOrderAndEveryOneIsAnswered() throws Exception {
        int deltas = 200;
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            for (int i = 0; i < deltas; i++) {
                cloud.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(8 + i, 7 + i, "Loft " + i)));
            }
            for (int i = 0; i < deltas; i++) {
                Payloads.SyncResult result = FleetSyncTest.result(cloud);
                assertEquals("applied", result.status(), () -> "answer " + result);
                assertEquals(8 + i, result.version(), "in the order they were published");
            }
            assertEquals(7 + deltas, box.onBox(() -> box.box().kiosk().data().store().state().cacheVersion()));
        }
    }

    @Test
    void aFloodOfForgedGrantsIsCountedAndTurnsNoLegitimateWorkAway() throws Exception {
        int forged = 1500;
        byte[] demoGrant = Files.readAllBytes(Path.of("device-config/demo-grant.json"));
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            box.command("advance 60");
            long before = box.onBox(() -> box.box().kiosk().data().audit().newestSeq());
            ObjectNode grant = (ObjectNode) JSON.readTree(demoGrant);
            for (int i = 0; i < forged; i++) {
                // Another id under the demo grant's signature: the signature no longer holds.
                grant.put("grantId", "g-forged-" + i);
                cloud.publish(TOPICS.grants(), JSON.writeValueAsBytes(grant));
            }
            cloud.publish(TOPICS.sync(), Documents.bytes(Documents.relabel(8, 7, "Loft")));
            int mark = box.mark();
            cloud.publish(TOPICS.grants(), demoGrant);
            assertEquals("applied", FleetSyncTest.result(cloud).status(), "the document behind the flood");
            // The real grant is offered, and opens when the person at the box presses #.
            box.awaitLine(mark, "AUDIT GRANT_OFFERED grant=g-demo-1 user=u-ada key=k-9f slot=9", 60);
            assertTrue(box.command("key #").contains("UNLOCK 9"));

            // A minute later the flood's summary is written.
            box.command("advance 61");
            box.onBox(() -> {
                box.box().kiosk().data().refusals().flushIfDue();
                return null;
            });
            List<AuditRecord> audit = box.onBox(() -> box.box().kiosk().data().audit().list(before + 1, 100_000));
            long individual = audit.stream().filter(r -> r.event().type() == AuditType.GRANT_REJECTED).count();
            List<AuditRecord> summaries = audit.stream()
                    .filter(r -> r.event().type() == AuditType.REFUSALS_COUNTED).toList();
            assertEquals(RefusalAudit.INDIVIDUAL, individual, "each minute's first ones, one by one");
            assertEquals(1, summaries.size(), audit.toString());
            assertEquals("GRANT_REJECTED", summaries.get(0).event().field("of"));
            assertEquals(String.valueOf(forged - RefusalAudit.INDIVIDUAL), summaries.get(0).event().field("count"));
            assertEquals("bad_signature:" + (forged - RefusalAudit.INDIVIDUAL),
                    summaries.get(0).event().field("reasons"));
            assertTrue(audit.size() < 40, "the flood did not fill the log: " + audit.size() + " entries");
        }
    }

    @Test
    void aDocumentLargerThanOneMessageArrivesInPartsInAnyOrderAndIsAppliedAndAnsweredOnce() throws Exception {
        ObjectNode snapshot = Documents.snapshot(8);
        // Unknown fields are ignored (forward compatibility): this one makes the document need four parts.
        snapshot.put("padding", "x".repeat(700_000));
        byte[] document = Documents.bytes(snapshot);
        String sha = SyncDownlink.sha256(document);
        List<byte[]> parts = new ArrayList<>(Payloads.messages(TOPICS, document, sha, 256 * 1024));
        assertTrue(parts.size() >= 3, parts.size() + " parts");
        Collections.shuffle(parts, new Random(21));
        parts.add(1, parts.get(0));
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "max_packet_size 300000\n");
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            int mark = box.mark();
            ObjectNode broken = (ObjectNode) JSON.readTree(parts.get(2));
            broken.put("index", 99);
            cloud.publish(TOPICS.sync(), JSON.writeValueAsBytes(broken));
            Payloads.SyncResult refused = FleetSyncTest.result(cloud);
            assertEquals("rejected", refused.status());
            assertEquals("part.index", refused.path(), refused.message());
            assertEquals(sha, refused.sha256(), "answered under the document's name");
            for (byte[] part : parts) {
                cloud.publish(TOPICS.sync(), part);
            }
            Payloads.SyncResult applied = FleetSyncTest.result(cloud);
            assertEquals("applied", applied.status(), applied::toString);
            assertEquals(8, applied.version());
            assertEquals(sha, applied.sha256());
            box.awaitLine(mark, "AUDIT SYNC_APPLIED version=8 type=snapshot", 10);
            assertEquals(1, box.since(mark).stream().filter(l -> l.startsWith("AUDIT SYNC_APPLIED")).count());
            // The duplicate of a part after the document was complete asks nothing more of the box.
            cloud.publish(TOPICS.sync(), parts.get(3));
            Payloads.SyncResult next = publishAndAnswer(cloud, Documents.relabel(9, 8, "Loft"));
            assertEquals(9, next.version(), "the next answer is the next document's: " + next);
        }
    }

    @Test
    void aMessageLargerThanTheBoxTakesNeverReachesIt() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "max_packet_size 1000000\n");
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult(), TOPICS.status());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            byte[] junk = new byte[400_000];
            new Random(4).nextBytes(junk);
            cloud.publish(TOPICS.sync(), junk);
            cloud.publish(TOPICS.grants(), junk);
            Payloads.SyncResult next = publishAndAnswer(cloud, Documents.relabel(8, 7, "Loft"));
            assertEquals(8, next.version(), "the junk was never answered: the box never had it");
            assertTrue(box.link().connected());
        }
    }

    /** Publishes a document and returns the first answer that comes (the caller checks it is this one's). */
    private static Payloads.SyncResult publishAndAnswer(TestClient cloud, ObjectNode document) throws Exception {
        cloud.publish(TOPICS.sync(), Documents.bytes(document));
        return FleetSyncTest.result(cloud);
    }
}
