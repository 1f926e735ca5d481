package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;

/** The audit log: append-only, chained by SHA-256, every entry in the outbox until acknowledged. */
class AuditLogTest {

    @TempDir
    Path dir;

    private static AuditEvent pickup(String user) {
        return AuditEvent.of(AuditType.PICKUP, "user", user, "key", "k-4b", "slot", 3, "factor", "SMS");
    }

    @Test
    void anIntactChainVerifies() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            for (int i = 0; i < 50; i++) {
                f.audit.append(pickup("u-" + i), StoreFixture.NOW.plusSeconds(i));
            }
            AuditLog.Verification v = f.audit.verify();
            assertTrue(v.intact());
            assertEquals(50, v.entries());
        }
    }

    @Test
    void theLogRefusesUpdatesAndDeletes() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.audit.append(pickup("u-gus"), StoreFixture.NOW);
            assertThrows(StoreException.class, () -> f.db.execute("UPDATE audit SET type = 'RETURN'"));
            assertThrows(StoreException.class, () -> f.db.execute("DELETE FROM audit"));
            assertEquals(1, f.audit.size());
        }
    }

    @Test
    void changingAnEntryBreaksTheChainAtThatEntry() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            for (int i = 0; i < 5; i++) {
                f.audit.append(pickup("u-" + i), StoreFixture.NOW);
            }
            f.db.execute("DROP TRIGGER audit_no_update");
            f.db.execute("UPDATE audit SET fields = replace(fields, 'u-2', 'u-9') WHERE seq = 2");
            AuditLog.Verification v = f.audit.verify();
            assertFalse(v.intact());
            assertEquals(2, v.firstBrokenSeq());
            assertEquals(2, v.entries(), "the two entries before it still verify");
        }
    }

    @Test
    void removingAnEntryIsFound() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            for (int i = 0; i < 5; i++) {
                f.audit.append(pickup("u-" + i), StoreFixture.NOW);
            }
            f.db.execute("DROP TRIGGER audit_no_delete");
            f.db.execute("DELETE FROM outbox WHERE seq = 3");
            f.db.execute("DELETE FROM audit WHERE seq = 3");
            AuditLog.Verification v = f.audit.verify();
            assertFalse(v.intact());
            assertEquals(3, v.firstBrokenSeq());
        }
    }

    @Test
    void rewritingEveryHashAfterAChangeStillFailsWithoutTheGenesisLink() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            f.audit.append(pickup("u-gus"), StoreFixture.NOW);
            f.db.execute("DROP TRIGGER audit_no_update");
            f.db.execute("UPDATE audit SET prev_hash = X'01' WHERE seq = 0");
            assertEquals(0, f.audit.verify().firstBrokenSeq());
        }
    }

    @Test
    void outboxHoldsEveryEntryUntilAcknowledgedInOrder() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            for (int i = 0; i < 10; i++) {
                f.audit.append(pickup("u-" + i), StoreFixture.NOW);
            }
            assertEquals(10, f.audit.outboxBacklog());
            List<AuditRecord> batch = f.audit.outboxBatch(4);
            assertEquals(List.of(0L, 1L, 2L, 3L), batch.stream().map(AuditRecord::seq).toList());
            f.audit.acknowledge(batch.stream().map(AuditRecord::seq).toList());
            assertEquals(6, f.audit.outboxBacklog());
            assertEquals(4L, f.audit.outboxBatch(1).get(0).seq());
            assertEquals(10, f.audit.size(), "acknowledging empties the outbox, never the log");
        }
    }

    @Test
    void listenersHearOnlyCommittedEntries() {
        try (StoreFixture f = new StoreFixture(dir.resolve("box.db"))) {
            List<Long> heard = new ArrayList<>();
            f.audit.onAppend(r -> heard.add(r.seq()));
            assertThrows(IllegalStateException.class, () -> f.db.inTransaction(() -> {
                f.audit.append(pickup("u-gus"), StoreFixture.NOW);
                throw new IllegalStateException("the rest of the transaction failed");
            }));
            assertTrue(heard.isEmpty());
            assertEquals(0, f.audit.size());
            f.audit.append(pickup("u-gus"), StoreFixture.NOW);
            assertEquals(List.of(0L), heard, "the rolled-back entry did not take a sequence number");
        }
    }

    @Test
    void twoWritersOnOneFileKeepOneChain() {
        Path file = dir.resolve("box.db");
        try (StoreFixture a = new StoreFixture(file); StoreFixture b = new StoreFixture(file)) {
            for (int i = 0; i < 20; i++) {
                (i % 2 == 0 ? a : b).audit.append(pickup("u-" + i), StoreFixture.NOW);
            }
            assertTrue(a.audit.verify().intact());
            assertEquals(20, b.audit.size());
        }
    }

    @Test
    void fieldsAreStoredAsTheJsonAnObjectMapperWritesAndReadBackInOrder() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("user", "u-gus");
        fields.put("label", "Unit \"4B\" \\ Café ½ 日本");
        fields.put("empty", "");
        fields.put("to", "***0002");
        String json = AuditLog.fieldsJson(fields);
        assertEquals(mapper.writeValueAsString(fields), json);
        assertEquals(java.util.List.copyOf(fields.entrySet()),
                java.util.List.copyOf(AuditLog.parseFields(json).entrySet()));
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            java.util.Map<String, String> one = java.util.Map.of("k" + c, "v" + c + c);
            assertEquals(mapper.writeValueAsString(one), AuditLog.fieldsJson(one), "character " + (int) c);
        }
        org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> AuditLog.parseFields("{\"slot\":3}"));
        org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> AuditLog.parseFields("{\"a\":\"b\"} {}"));
    }
}
