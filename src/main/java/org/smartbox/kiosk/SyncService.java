package org.smartbox.kiosk;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.BoxEvents;
import org.smartbox.store.AuditLog;
import org.smartbox.store.SyncApplier;
import org.smartbox.sync.CodeFloor;
import org.smartbox.sync.SyncBase;
import org.smartbox.sync.SyncReader;
import org.smartbox.sync.SyncRejection;
import org.smartbox.sync.SyncResult;
import org.smartbox.sync.SyncWarning;

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
    private final RefusalAudit refusals;
    private final KioskClock clock;
    private final String boxId;
    private final int slots;
    private final int minAccountCodeDigits;

    public SyncService(SyncApplier applier, AuditLog audit, RefusalAudit refusals, KioskClock clock, String boxId,
                       int slots) {
        this(applier, audit, refusals, clock, boxId, slots, 4);
    }

    /** {@code minAccountCodeDigits}: {@code identify.minAccountCodeDigits}, the shortest code taken. */
    public SyncService(SyncApplier applier, AuditLog audit, RefusalAudit refusals, KioskClock clock, String boxId,
                       int slots, int minAccountCodeDigits) {
        this.minAccountCodeDigits = minAccountCodeDigits;
        this.applier = applier;
        this.audit = audit;
        this.refusals = refusals;
        this.clock = clock;
        this.boxId = boxId;
        this.slots = slots;
    }

    /** The outcome of one document. */
    public sealed interface Outcome {
        /** {@code warnings}: applied, but worth the cloud's attention (two users with one mobile). */
        record Applied(long version, List<SyncWarning> warnings) implements Outcome {
            public Applied {
                warnings = List.copyOf(warnings);
            }

            public Applied(long version) {
                this(version, List.of());
            }
        }

        record Rejected(SyncRejection rejection, long currentVersion) implements Outcome {
        }
    }

    /** A document from the shell or the simulator: a rejection is audited, always one by one. */
    public Outcome apply(InputStream document) {
        return apply(document, false, false);
    }

    /**
     * A document from the fleet link: as {@link #apply}, but in a flood of bad documents each minute's
     * first rejections are written one by one and the rest counted ({@link RefusalAudit}).
     */
    public Outcome applyFromFleet(InputStream document) {
        return apply(document, false, true);
    }

    /**
     * sync-format.md "Going back" ({@code smartbox import --reset}): a snapshot of any version replaces
     * the cache whole, checked as if the cache were empty; audited {@code SYNC_APPLIED ... reset=true}.
     * A delta builds on the cache it is refused here.
     */
    public Outcome reset(InputStream document) {
        return apply(document, true, false);
    }

    private Outcome apply(InputStream document, boolean reset, boolean fromFleet) {
        SyncBase base = reset ? SyncBase.startingOver(boxId, slots) : applier.base(boxId, slots);
        SyncResult result = reader.read(document, base);
        if (result instanceof SyncResult.Rejected rejected) {
            return rejected(rejected.rejection(), fromFleet);
        }
        SyncResult.Valid valid = (SyncResult.Valid) result;
        Optional<SyncRejection> tooShort = CodeFloor.check(valid.document(), minAccountCodeDigits);
        if (tooShort.isPresent()) {
            return rejected(tooShort.get(), fromFleet);
        }
        SyncApplier.Written written = applier.apply(valid.document(), valid.warnings(), clock.now().wall(), reset);
        if (written instanceof SyncApplier.Written.Refused refused) {
            return rejected(refused.rejection(), fromFleet);
        }
        SyncApplier.Written.Applied applied = (SyncApplier.Written.Applied) written;
        long version = applied.version();
        LOG.info("sync document applied: cache version {}{}", version, reset ? " (reset)" : "");
        // Like rejections, warnings are reported by each caller where its reader looks.
        return new Outcome.Applied(version, applied.warnings());
    }

    /**
     * No log line here: each caller reports the rejection once (import: stderr; simulator: ERROR; fleet:
     * journal). From the fleet, a flood of bad documents is counted, not written entry by entry
     * ({@link RefusalAudit}).
     */
    private Outcome rejected(SyncRejection why, boolean fromFleet) {
        String path = why.path().isEmpty() ? "$" : why.path();
        AuditEvent event = BoxEvents.syncRejected(path);
        if (fromFleet) {
            refusals.refuse(event, path);
        } else {
            audit.append(event, clock.now().wall());
        }
        return new Outcome.Rejected(why, applier.currentVersion());
    }
}
