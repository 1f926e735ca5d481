package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.smartbox.kiosk.BoxData;
import org.smartbox.kiosk.SyncService;
import org.smartbox.sim.SimBoxes;
import org.smartbox.sim.VirtualClock;
import org.smartbox.store.AuditLog;
import org.smartbox.store.Database;

/**
 * Hostile sync input (SPEC §10, §11) against a real store: valid deltas and snapshots, the same
 * broken in every way {@link Mutator} knows, and garbage, one after another on one database. Each
 * document either applies (the cache moves to its version) or is rejected with a message naming
 * the problem, and then every table is byte-for-byte as before: all tables but the audit log and
 * its outbox compared whole (SQLite's {@code quote()} of every value, and the schema); the audit
 * log and outbox grow by exactly the one {@code SYNC_REJECTED} entry the rejection is recorded
 * with, chained to the entry before, while every earlier entry stays as it was (compared whole
 * every 500 documents and checked by the hash chain at the end).
 */
class SyncFuzzTest {

    // The audit log, its outbox and the chain's anchored head change with every entry, rejections included.
    private static final Set<String> CHAINED = Set.of("audit", "outbox", "audit_head");

    @Test
    void everyDocumentAppliesWholeOrIsRejectedWithItsPathAndLeavesEveryTableUnchanged() {
        long seed = Nightly.seed();
        int documents = Nightly.pick(10_000, 100_000);
        Random r = new Random(seed);
        Mutator mutator = new Mutator(r);
        CloudModel cloud = CloudModel.demo();
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        int applied = 0;
        int rejected = 0;
        try (ScratchDir dir = ScratchDir.create();
             BoxData data = BoxData.open(SimBoxes.config("").box(), dir.resolve("box.db"),
                     new VirtualClock(SimBoxes.NOW), new SecureRandom())) {
            Database db = data.database();
            SyncService sync = data.sync();
            assertTrue(sync.apply(new ByteArrayInputStream(ProofBox.DEMO_DATA)) instanceof SyncService.Outcome.Applied);
            String tables = Tables.digest(db, CHAINED);
            long frozenSeq = -1;
            String frozen = "";
            for (int i = 0; i < documents; i++) {
                long version = data.store().state().cacheVersion();
                byte[] valid = (r.nextInt(8) == 0 ? cloud.snapshot(version + 1) : cloud.delta(r, version)).toString()
                        .getBytes(StandardCharsets.UTF_8);
                int kind = r.nextInt(10);
                byte[] doc = kind < 2 ? valid : kind < 9 ? mutator.mutate(valid) : mutator.garbage();

                Tail before = Tail.of(db);
                SyncService.Outcome outcome;
                try {
                    outcome = sync.apply(new ByteArrayInputStream(doc));
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ", document " + i + " threw instead of being rejected: "
                            + new String(doc, StandardCharsets.UTF_8), e);
                }
                if (outcome instanceof SyncService.Outcome.Applied a) {
                    applied++;
                    outcomes.merge(kind < 2 ? "applied (valid)" : "applied (mutated, still valid)", 1, Integer::sum);
                    assertEquals(a.version(), data.store().state().cacheVersion(), "seed " + seed);
                    assertTrue(a.version() > version, "seed " + seed + ": version went from " + version + " to "
                            + a.version());
                    cloud.accept(json(doc));
                    tables = Tables.digest(db, CHAINED);
                } else {
                    rejected++;
                    var why = ((SyncService.Outcome.Rejected) outcome).rejection();
                    outcomes.merge("rejected at " + category(why.path()), 1, Integer::sum);
                    if (kind < 2) {
                        fail("seed " + seed + ": a valid document was rejected: " + why.message() + "\n"
                                + new String(doc, StandardCharsets.UTF_8));
                    }
                    assertFalse(why.problem().isBlank(), "seed " + seed + ": a rejection without a message");
                    if (isJsonObject(doc)) {
                        assertFalse(why.path().isEmpty(), () -> "seed " + seed + ": a JSON object rejected without a"
                                + " path: " + why.message() + "\n" + new String(doc, StandardCharsets.UTF_8));
                    }
                    // Values of other fields may be quoted back (sync-format.md does); these two never.
                    if (why.path().endsWith("accountCode") || why.path().endsWith("appTotpSecret")) {
                        String secret = valueAt(doc, why.path());
                        assertFalse(secret.length() >= 4 && why.message().contains(secret), "seed " + seed
                                + ": echoes the secret field's value: " + why.message());
                    }
                    examples.putIfAbsent(category(why.path()), why.message());
                    assertEquals(tables, Tables.digest(db, CHAINED), () -> "seed " + seed + ": document " + "was"
                            + " rejected (" + why.message() + ") but a table changed");
                    before.assertOneRejectionAppended(db, "seed " + seed + ", document " + "rejected for "
                            + why.message());
                }
                if (i % 500 == 0) {
                    // Earlier audit entries and outbox rows never change: compare what was frozen 500 documents ago.
                    if (frozenSeq >= 0) {
                        assertEquals(frozen, prefix(db, frozenSeq), "seed " + seed);
                    }
                    frozenSeq = Tail.of(db).seq;
                    frozen = prefix(db, frozenSeq);
                }
            }
            AuditLog.Verification chain = data.audit().verify();
            assertTrue(chain.intact(), "seed " + seed + ": " + chain.problem());
            assertEquals("ok", db.integrityCheck());
        }
        System.out.printf("sync fuzz: %d documents (seed %d): %d applied, %d rejected%n", documents, seed, applied,
                rejected);
        outcomes.forEach((k, v) -> System.out.printf("  %6d %s%n", v, k));
        examples.forEach((k, v) -> System.out.printf("  e.g. %s%n", v.length() > 150 ? v.substring(0, 150) : v));
        assertTrue(applied > documents / 10, "too few documents applied to exercise the applier: " + applied);
    }

    private static String prefix(Database db, long seq) {
        return Tables.digestOf(db, "audit", "seq <= " + seq) + Tables.digestOf(db, "outbox", "seq <= " + seq);
    }

    /** The audit log's last entry and the outbox's last row (by key: O(log n), the log grows long). */
    private record Tail(long seq, byte[] hash, long outbox) {

        static Tail of(Database db) {
            return db.read(() -> {
                long outbox;
                try (ResultSet rs = db.prepare("SELECT COALESCE(MAX(seq), -1) FROM outbox").executeQuery()) {
                    outbox = rs.getLong(1);
                }
                try (ResultSet rs = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").executeQuery()) {
                    return rs.next() ? new Tail(rs.getLong(1), rs.getBytes(2), outbox) : new Tail(-1, new byte[32], outbox);
                }
            });
        }

        /** Exactly one new audit entry and outbox row, the rejection, chained to the old tail. */
        void assertOneRejectionAppended(Database db, String context) {
            String[] row = db.read(() -> {
                var newer = db.prepare("SELECT COUNT(*) FROM audit WHERE seq > ?");
                newer.setLong(1, seq);
                try (ResultSet rs = newer.executeQuery()) {
                    assertEquals(1, rs.getLong(1), context + ": new audit entries");
                }
                var outboxNewer = db.prepare("SELECT COUNT(*) FROM outbox WHERE seq > ?");
                outboxNewer.setLong(1, outbox);
                try (ResultSet rs = outboxNewer.executeQuery()) {
                    assertEquals(1, rs.getLong(1), context + ": new outbox rows");
                }
                var q = db.prepare("SELECT type, hex(prev_hash) FROM audit WHERE seq = ?");
                q.setLong(1, seq + 1);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
                }
            });
            assertTrue(row != null, context + ": no entry " + (seq + 1));
            assertEquals("SYNC_REJECTED", row[0], context);
            assertEquals(java.util.HexFormat.of().withUpperCase().formatHex(hash), row[1],
                    context + ": the new entry does not chain to the old tail");
        }
    }

    private static JsonNode json(byte[] doc) {
        try {
            return DemoModel.JSON.readTree(doc);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an applied document is not JSON", e);
        }
    }

    private static boolean isJsonObject(byte[] doc) {
        try {
            JsonNode node = DemoModel.JSON.reader()
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(doc);
            return node != null && node.isObject();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** The text at a rejection's path ({@code upsert.users[0].accountCode}), or "" when there is none. */
    private static String valueAt(byte[] doc, String path) {
        JsonNode node;
        try {
            node = DemoModel.JSON.readTree(doc);
        } catch (java.io.IOException e) {
            return "";
        }
        for (String part : path.split("\\.")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^\\[]*)((\\[\\d+])*)").matcher(part);
            if (node == null || !m.matches()) {
                return "";
            }
            node = node.get(m.group(1));
            java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
            while (node != null && index.find()) {
                node = node.get(Integer.parseInt(index.group(1)));
            }
        }
        return node == null || node.isContainerNode() ? "" : node.asText();
    }

    /** The path with list indexes blanked, for the summary. */
    private static String category(String path) {
        return path.isEmpty() ? "(document)" : path.replaceAll("\\[\\d+]", "[]");
    }
}
