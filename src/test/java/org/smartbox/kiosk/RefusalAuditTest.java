package org.smartbox.kiosk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.pickup.Moment;
import org.smartbox.store.AuditLog;
import org.smartbox.store.AuditRecord;
import org.smartbox.store.Database;

/** A flood of refusals is audited as counted summaries: nothing hides in it, and it cannot fill the disk. */
class RefusalAuditTest {

    @TempDir
    Path dir;

    private Database db;
    private AuditLog audit;
    private long mono;
    private final Instant t0 = Instant.parse("2026-11-28T12:00:00Z");
    private RefusalAudit refusals;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("box.db"));
        audit = org.smartbox.store.AuditFiles.keyed(db);
        refusals = new RefusalAudit(audit, () -> new Moment(t0.plusMillis(mono), mono));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static AuditEvent forged(int i, String reason) {
        return AuditEvent.of(AuditType.GRANT_REJECTED, "grant", "g-" + i, "reason", reason);
    }

    private List<AuditRecord> entries() {
        return audit.list(0, 100_000);
    }

    @Test
    void theFirstOnesOfEachMinuteAreWrittenOneByOneTheRestCountedByReason() {
        for (int i = 0; i < 5000; i++) {
            refusals.refuse(forged(i, i % 100 == 0 ? "replayed" : "bad_signature"), i % 100 == 0 ? "replayed"
                    : "bad_signature");
        }
        assertEquals(RefusalAudit.INDIVIDUAL, entries().size(), "only the minute's first ones so far");
        mono += RefusalAudit.WINDOW_MILLIS;
        refusals.flushIfDue();
        List<AuditRecord> all = entries();
        assertEquals(RefusalAudit.INDIVIDUAL + 1, all.size());
        AuditRecord summary = all.get(all.size() - 1);
        assertEquals(AuditType.REFUSALS_COUNTED, summary.event().type());
        assertEquals("GRANT_REJECTED", summary.event().field("of"));
        assertEquals("4990", summary.event().field("count"));
        // Of the first ten, i=0 was a replay: 49 replays and 4941 bad signatures are left to count.
        assertEquals("bad_signature:4941,replayed:49", summary.event().field("reasons"));
        assertEquals(t0.toString(), summary.event().field("from"));
    }

    @Test
    void kindsHaveTheirOwnShareSoOneFloodHidesNoOtherRefusal() {
        for (int i = 0; i < 100; i++) {
            refusals.refuse(forged(i, "bad_signature"), "bad_signature");
        }
        assertTrue(refusals.refuse(AuditEvent.of(AuditType.SYNC_REJECTED, "path", "version"), "version"),
                "a bad document in a grant flood is still written one by one");
    }

    @Test
    void aQuietMinuteWritesNothingAndANewMinuteStartsItsOwnShare() {
        for (int i = 0; i < RefusalAudit.INDIVIDUAL; i++) {
            refusals.refuse(forged(i, "expired"), "expired");
        }
        mono += 5 * RefusalAudit.WINDOW_MILLIS;
        refusals.flushIfDue();
        assertEquals(RefusalAudit.INDIVIDUAL, entries().size(), "no summary for nothing counted");
        assertTrue(refusals.refuse(forged(99, "expired"), "expired"), "a new minute, a new share");
    }

    @Test
    void stoppingWritesWhatWasCountedSoFar() {
        for (int i = 0; i < 12; i++) {
            refusals.refuse(forged(i, "expired"), "expired");
        }
        refusals.count(AuditType.GRANT_REJECTED, "qos0_queue_full", 7);
        refusals.flush();
        AuditRecord summary = entries().get(entries().size() - 1);
        assertEquals("9", summary.event().field("count"));
        assertEquals("expired:2,qos0_queue_full:7", summary.event().field("reasons"));
    }
}
