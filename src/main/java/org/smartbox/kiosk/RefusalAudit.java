package org.smartbox.kiosk;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.audit.BoxEvents;
import org.smartbox.pickup.Moment;
import org.smartbox.store.AuditLog;

/**
 * Refusals of what arrives from outside (grants, sync documents) audited so that a flood can neither
 * hide anything nor fill the disk: in each minute the first {@value #INDIVIDUAL} refusals of a kind
 * get an entry each, as always; the rest of that minute are counted by reason and written as one
 * {@code REFUSALS_COUNTED} entry ({@code of=GRANT_REJECTED count=4990 reasons=bad_signature:4990 ...})
 * when the minute is over. Runs on the thread that owns the database.
 */
public final class RefusalAudit {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalAudit.class);
    /** Entries of one kind written one by one per window. */
    public static final int INDIVIDUAL = 10;
    public static final long WINDOW_MILLIS = 60_000;

    private final AuditLog audit;
    private final KioskClock clock;
    private final Map<AuditType, Window> windows = new EnumMap<>(AuditType.class);

    public RefusalAudit(AuditLog audit, KioskClock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** One kind's current minute: how many were audited one by one, and what was only counted. */
    private static final class Window {
        final long startMono;
        int individual;
        long counted;
        Instant firstCounted;
        final Map<String, Long> reasons = new TreeMap<>();

        Window(long startMono) {
            this.startMono = startMono;
        }
    }

    /**
     * Audits {@code event} (a refusal for {@code reason}), or counts it when this minute already has
     * its share of such entries. Returns true when it was written one by one (the caller may log it).
     */
    public boolean refuse(AuditEvent event, String reason) {
        Moment now = clock.now();
        Window window = current(event.type(), now);
        if (window.individual < INDIVIDUAL) {
            window.individual++;
            audit.append(event, now.wall());
            return true;
        }
        count(window, reason, 1, now.wall());
        return false;
    }

    /** Counts refusals that were never looked at one by one (dropped before they reached the box's rules). */
    public void count(AuditType type, String reason, long n) {
        if (n <= 0) {
            return;
        }
        Moment now = clock.now();
        count(current(type, now), reason, n, now.wall());
    }

    /** Writes the summaries of every minute that is over; call now and then (the fleet link does, each minute). */
    public void flushIfDue() {
        Moment now = clock.now();
        for (AuditType type : windows.keySet().toArray(new AuditType[0])) {
            current(type, now);
        }
    }

    /** Writes every summary now, whether its minute is over or not (the box is stopping). */
    public void flush() {
        Instant wall = clock.now().wall();
        for (Map.Entry<AuditType, Window> entry : windows.entrySet()) {
            summarize(entry.getKey(), entry.getValue(), wall);
        }
        windows.clear();
    }

    private Window current(AuditType type, Moment now) {
        Window window = windows.get(type);
        if (window != null && now.mono() - window.startMono < WINDOW_MILLIS) {
            return window;
        }
        if (window != null) {
            summarize(type, window, now.wall());
        }
        Window fresh = new Window(now.mono());
        windows.put(type, fresh);
        return fresh;
    }

    private static void count(Window window, String reason, long n, Instant wall) {
        if (window.counted == 0) {
            window.firstCounted = wall;
        }
        window.counted += n;
        window.reasons.merge(reason == null || reason.isEmpty() ? "unknown" : reason, n, Long::sum);
    }

    private void summarize(AuditType type, Window window, Instant wall) {
        if (window.counted == 0) {
            return;
        }
        StringBuilder reasons = new StringBuilder();
        window.reasons.forEach((reason, n) -> reasons.append(reasons.length() == 0 ? "" : ",").append(reason)
                .append(':').append(n));
        LOG.warn("{} more {} counted since {} ({}); each minute's first {} are audited one by one", window.counted,
                type, window.firstCounted, reasons, INDIVIDUAL);
        audit.append(BoxEvents.refusalsCounted(type, window.counted, reasons.toString(),
                window.firstCounted), wall);
        window.counted = 0;
        window.reasons.clear();
    }
}
