package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Tag;
import org.smartbox.audit.AuditType;
import org.smartbox.kiosk.RefusalAudit;
import org.smartbox.proof.Nightly;
import org.smartbox.store.AuditRecord;

/**
 * The fleet property (issue 21): whatever mix of good documents, stale and broken ones, documents in
 * parts (shuffled, with duplicates), malformed parts, forged grant floods, QoS 0 junk floods and
 * messages larger than the box takes a broker delivers, the box applies exactly the good documents,
 * in the order they were published, answers every document it was given, audits every refusal (one
 * by one, or counted), opens no latch, and keeps serving, connected.
 */
@Tag("mosquitto")
class FleetFloodPropertyTest {

    private static final Topics TOPICS = new Topics("SB-DEMO");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the cloud (or whoever holds the broker) sends. */
    sealed interface Action {
        record GoodDelta() implements Action {
        }

        record StaleDocument() implements Action {
        }

        record BrokenJson(int bytes) implements Action {
        }

        record TooLarge(int bytes) implements Action {
        }

        record ForgedGrants(int count) implements Action {
        }

        record SnapshotInParts(int paddingKb, long seed) implements Action {
        }

        record MalformedPart() implements Action {
        }

        record Qos0Junk(int count) implements Action {
        }
    }

    @Provide
    Arbitrary<List<Action>> floods() {
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(new Action.GoodDelta())),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Action.StaleDocument())),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 2000).map(Action.BrokenJson::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(300_000, 1_500_000).map(Action.TooLarge::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(5, 300).map(Action.ForgedGrants::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(300, 900).flatMap(kb -> Arbitraries.longs()
                        .map(seed -> new Action.SnapshotInParts(kb, seed)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Action.MalformedPart())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(50, 600).map(Action.Qos0Junk::new)));
        return action.list().ofMinSize(3).ofMaxSize(10);
    }

    @Property(tries = 5)
    void whateverTheBrokerDeliversOnlyGoodDocumentsApplyInOrderAndEveryRefusalIsAccounted(
            @ForAll("floods") List<Action> script) throws Exception {
        run(script);
    }

    @net.jqwik.api.Example
    void grantsHeldBackAtTheBrokerAreFetchedAndCountedToo() throws Exception {
        run(List.of(new Action.ForgedGrants(300), new Action.GoodDelta(), new Action.Qos0Junk(500),
                new Action.ForgedGrants(300)));
    }

    /** The same, many times over: the nightly run. */
    @Property(tries = 60)
    @AddLifecycleHook(Nightly.Only.class)
    void whateverTheBrokerDeliversNightly(@ForAll("floods") List<Action> script) throws Exception {
        run(script);
    }

    private static void run(List<Action> script) throws Exception {
        Path dir = Files.createTempDirectory("fleet-property");
        try {
            run(script, dir);
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(List<Action> script, Path dir) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             TestClient cloud = TestClient.connect(broker, TOPICS.syncResult());
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config(broker, ""))) {
            box.awaitConnected(10);
            long firstSeq = box.onBox(() -> box.box().kiosk().data().audit().newestSeq()) + 1;
            int mark = box.mark();
            long version = 7;
            List<Long> applied = new ArrayList<>();
            Map<String, String> expected = new HashMap<>();
            long forged = 0;
            long refusedDocuments = 0;
            for (Action action : script) {
                if (action instanceof Action.GoodDelta) {
                    version++;
                    byte[] doc = Documents.bytes(Documents.relabel(version, version - 1, "Loft " + version));
                    expected.put(SyncDownlink.sha256(doc), "applied");
                    applied.add(version);
                    cloud.publish(TOPICS.sync(), doc);
                } else if (action instanceof Action.StaleDocument) {
                    byte[] doc = Documents.bytes(Documents.snapshot(version));
                    expected.put(SyncDownlink.sha256(doc), "rejected");
                    refusedDocuments++;
                    cloud.publish(TOPICS.sync(), doc);
                } else if (action instanceof Action.BrokenJson broken) {
                    byte[] doc = junk(broken.bytes(), broken.bytes());
                    doc[0] = '{';
                    expected.put(SyncDownlink.sha256(doc), "rejected");
                    refusedDocuments++;
                    cloud.publish(TOPICS.sync(), doc);
                } else if (action instanceof Action.TooLarge large) {
                    // Larger than mqtt.maxMessageBytes: the broker never hands it to the box.
                    cloud.publish(TOPICS.sync(), junk(large.bytes(), 3));
                } else if (action instanceof Action.ForgedGrants grants) {
                    ObjectNode grant = (ObjectNode) JSON.readTree(Files.readAllBytes(
                            Path.of("device-config/demo-grant.json")));
                    for (int i = 0; i < grants.count(); i++) {
                        grant.put("grantId", "g-forged-" + forged++);
                        cloud.publish(TOPICS.grants(), JSON.writeValueAsBytes(grant));
                    }
                } else if (action instanceof Action.SnapshotInParts big) {
                    version++;
                    ObjectNode snapshot = Documents.snapshot(version);
                    snapshot.put("padding", "p".repeat(big.paddingKb() * 1024));
                    byte[] doc = Documents.bytes(snapshot);
                    String sha = SyncDownlink.sha256(doc);
                    List<byte[]> parts = new ArrayList<>(Payloads.messages(TOPICS, doc, sha, 256 * 1024));
                    Collections.shuffle(parts, new Random(big.seed()));
                    parts.add(parts.get(new Random(big.seed()).nextInt(parts.size())));
                    expected.put(sha, "applied");
                    applied.add(version);
                    for (byte[] part : parts) {
                        cloud.publish(TOPICS.sync(), part);
                    }
                } else if (action instanceof Action.MalformedPart) {
                    String sha = "c".repeat(64);
                    cloud.publish(TOPICS.sync(), ("{\"schema\":1,\"type\":\"part\",\"boxId\":\"SB-DEMO\",\"sha256\":\""
                            + sha + "\",\"index\":5,\"count\":2,\"data\":\"AQ==\"}").getBytes(
                                    java.nio.charset.StandardCharsets.UTF_8));
                    expected.put(sha, "rejected");
                    refusedDocuments++;
                } else if (action instanceof Action.Qos0Junk flood) {
                    for (int i = 0; i < flood.count(); i++) {
                        cloud.publishQos0(TOPICS.sync(), junk(64, i));
                    }
                }
            }
            // A last good document: once it is answered, everything before it was dealt with.
            version++;
            byte[] last = Documents.bytes(Documents.relabel(version, version - 1, "Last"));
            String lastSha = SyncDownlink.sha256(last);
            expected.put(lastSha, "applied");
            applied.add(version);
            cloud.publish(TOPICS.sync(), last);

            Map<String, String> answered = new HashMap<>();
            List<Long> appliedInOrder = new ArrayList<>();
            while (!answered.containsKey(lastSha)) {
                Payloads.SyncResult result = FleetSyncTest.result(cloud);
                answered.putIfAbsent(result.sha256(), result.status());
                if (result.applied() && !result.duplicate()) {
                    appliedInOrder.add(result.version());
                }
            }
            assertEquals(applied, appliedInOrder, "exactly the good documents, in the order they were published");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                assertEquals(e.getValue(), answered.get(e.getKey()), "document " + e.getKey() + " answered");
            }
            final long finalVersion = version;
            assertEquals(finalVersion, box.onBox(() -> box.box().kiosk().data().store().state().cacheVersion()));

            // Grants have their own queue, and some may wait at the broker for a fresh connection: every
            // minute (of the box's clock) the summaries are written, until every forged grant is accounted for.
            final long forgedGrants = forged;
            List<AuditRecord> audit = org.awaitility.Awaitility.await("every forged grant accounted for")
                    .atMost(java.time.Duration.ofSeconds(90)).pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> {
                        box.command("advance 61");
                        box.link().housekeeping();
                        box.onBox(() -> {
                            box.box().kiosk().data().refusals().flushIfDue();
                            return null;
                        });
                        return box.onBox(() -> box.box().kiosk().data().audit().list(firstSeq, 1_000_000));
                    }, entries -> refusals(entries, AuditType.GRANT_REJECTED) == forgedGrants);
            long syncRefusals = refusals(audit, AuditType.SYNC_REJECTED);
            assertTrue(syncRefusals >= refusedDocuments, syncRefusals + " of " + refusedDocuments);
            assertTrue(audit.size() < 200 + applied.size() * 2, "a flood does not fill the log: " + audit.size());
            assertFalse(box.since(mark).stream().anyMatch(l -> l.startsWith("UNLOCK")), "no latch opened");
            assertTrue(box.link().connected(), "still connected");
            List<String> keypad = box.command("key 246800#");
            assertEquals("OK", keypad.get(keypad.size() - 1), "and serving");
        }
    }

    /**
     * Refusals of {@code type}: written one by one (never more than a minute's share in a minute of the
     * box's clock, which stands still between the test's steps), plus those counted in summaries.
     */
    private static long refusals(List<AuditRecord> audit, AuditType type) {
        Map<java.time.Instant, Long> perMinute = new HashMap<>();
        audit.stream().filter(r -> r.event().type() == type).forEach(r -> perMinute.merge(r.at(), 1L, Long::sum));
        perMinute.forEach((at, n) -> assertTrue(n <= RefusalAudit.INDIVIDUAL, type + " at " + at + ": " + n
                + " written one by one"));
        long counted = audit.stream().filter(r -> r.event().type() == AuditType.REFUSALS_COUNTED
                && r.event().field("of").equals(type.name())).mapToLong(r -> Long.parseLong(r.event().field("count")))
                .sum();
        return perMinute.values().stream().mapToLong(Long::longValue).sum() + counted;
    }

    private static byte[] junk(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
