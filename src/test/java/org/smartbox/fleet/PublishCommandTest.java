package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smartbox publish} for the cases a fleet operator meets (issue 17 item 2, issue 21 item 1): a
 * box that is online answers; one that is offline gets the document when it is back, and the
 * command says it is queued (exit 4); nobody subscribed is no delivery (exit 3); a document larger
 * than a box takes in one message is sent in parts.
 */
@Tag("mosquitto")
class PublishCommandTest {

    @TempDir
    Path dir;

    private Path write(String name, ObjectNode document) throws Exception {
        return Files.write(dir.resolve(name), Documents.bytes(document));
    }

    @Test
    void aDocumentForAnOfflineBoxIsQueuedAndAppliedWhenItIsBack() throws Exception {
        Path db = dir.resolve("box.db");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            try (FleetBox box = FleetBox.start(db, FleetBox.config(broker, ""))) {
                box.awaitConnected(10);
            }
            Path delta = write("delta.json", Documents.relabel(8, 7, "Loft"));
            Command publish = Command.run("publish", delta.toString(), "--broker", broker.url(), "--timeout", "20");
            assertEquals(4, publish.status(1), publish.err());
            assertTrue(publish.out().startsWith("queued: SB-DEMO is offline"), publish.out());
            assertTrue(publish.seconds() < 15, "said at once, not after the timeout: " + publish.seconds() + " s");
            try (FleetBox box = FleetBox.start(db, FleetBox.config(broker, ""))) {
                int mark = box.mark();
                box.awaitConnected(10);
                box.awaitLine(mark, "AUDIT SYNC_APPLIED version=8 type=delta", 15);
            }
        }
    }

    @Test
    void withWaitThePublisherWaitsForAnOfflineBoxToComeBackAndAnswer() throws Exception {
        Path db = dir.resolve("box.db");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            try (FleetBox box = FleetBox.start(db, FleetBox.config(broker, ""))) {
                box.awaitConnected(10);
            }
            Path delta = write("delta.json", Documents.relabel(8, 7, "Loft"));
            Command publish = Command.start("publish", delta.toString(), "--broker", broker.url(), "--timeout", "40",
                    "--wait");
            try (FleetBox box = FleetBox.start(db, FleetBox.config(broker, ""))) {
                assertEquals(0, publish.status(40), publish.err());
                assertEquals("applied version 8", publish.out().strip());
            }
        }
    }

    @Test
    void aDocumentNobodyIsSubscribedForIsNotDelivered() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"))) {
            ObjectNode doc = Documents.relabel(8, 7, "Loft");
            doc.put("boxId", "SB-NEVER");
            Command publish = Command.run("publish", write("never.json", doc).toString(), "--broker", broker.url(),
                    "--timeout", "2");
            assertEquals(3, publish.status(1), publish.err());
            assertTrue(publish.err().contains("not delivered: nothing is subscribed to smartbox/SB-NEVER/sync"),
                    publish.err());
        }
    }

    @Test
    void aLargeDocumentIsSentInPartsThroughABrokerThatTakesNothingLarger() throws Exception {
        ObjectNode snapshot = Documents.snapshot(8);
        snapshot.put("padding", "y".repeat(900_000));
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "max_packet_size 262144\n");
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            Command publish = Command.run("publish", write("big.json", snapshot).toString(), "--broker", broker.url(),
                    "--timeout", "30");
            assertEquals(0, publish.status(1), publish.err());
            assertEquals("applied version 8", publish.out().strip());
            assertTrue(publish.err().matches("(?s).*sending \\d+ parts.*"), publish.err());
            assertTrue(box.link().connected(), "the box took every part");
        }
    }
}
