package org.smartbox.kiosk;

import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.store.AuditLog;
import org.smartbox.store.SyncApplier;
import org.smartbox.sync.SyncReader;
import org.smartbox.sync.SyncRejection;
import org.smartbox.sync.SyncResult;

/**
 * Applies a sync document from any source (shell import, simulator, MQTT): read, validate against
 * the cache as it is now, apply whole or reject with the JSON path of the first problem. Both
 * outcomes are audited. Runs on the thread that owns the database.
 */
public final class SyncService {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    /** Big enough for 50,000 users and 200,000 accesses, small enough for a Pi's memory. */
    public static final int MAX_DOCUMENT_BYTES = 128 * 1024 * 1024;

    private final SyncReader reader = new SyncReader(MAX_DOCUMENT_BYTES);
    private final SyncApplier applier;
    private final AuditLog audit;
    private final KioskClock clock;
    private final String boxId;
    private final int slots;

    public SyncService(SyncApplier applier, AuditLog audit, KioskClock clock, String boxId, int slots) {
        this.applier = applier;
        this.audit = audit;
        this.clock = clock;
        this.boxId = boxId;
        this.slots = slots;
    }

    /** The outcome of one document. */
    public sealed interface Outcome {
        record Applied(long version) implements Outcome {
        }

        record Rejected(SyncRejection rejection, long currentVersion) implements Outcome {
        }
    }

    public Outcome apply(InputStream document) {
        SyncResult result = reader.read(document, applier.base(boxId, slots));
        if (result instanceof SyncResult.Rejected rejected) {
            SyncRejection why = rejected.rejection();
            // No log line here: each caller reports the rejection once, where its reader looks
            // (import: stderr; simulator: an ERROR line; fleet link: the journal and sync/result).
            audit.append(AuditEvent.of(AuditType.SYNC_REJECTED, "path", why.path().isEmpty() ? "$" : why.path()),
                    clock.now().wall());
            return new Outcome.Rejected(why, applier.currentVersion());
        }
        long version = applier.apply(((SyncResult.Valid) result).document(), clock.now().wall());
        LOG.info("sync document applied: cache version {}", version);
        return new Outcome.Applied(version);
    }
}
