package org.smartbox.kiosk;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditSink;
import org.smartbox.audit.BoxEvents;
import org.smartbox.store.StoreException;
import org.smartbox.store.StoreFault;

/**
 * Watches over a box that went out of service because its store failed (full disk, corrupt or
 * missing file): retries the store now and then, and when a write works again, audits the outage
 * and puts the kiosk back in service by itself. Also keeps the parts that hold the box out of
 * service (an expander fault): those are audited at once, since the store still works, and their
 * drivers say when they are well again.
 */
public final class FaultWatch {

    private static final Logger LOG = LoggerFactory.getLogger(FaultWatch.class);
    private static final long RETRY_MILLIS = 15_000;

    private final KioskClock clock;
    private final AuditSink audit;
    private final Runnable probe;
    private String reason;
    private StoreFault kind = StoreFault.OTHER;
    private java.time.Instant since;
    private long nextRetry = Long.MAX_VALUE;
    private final Map<String, String> parts = new LinkedHashMap<>();

    /**
     * @param probe a store check that throws {@link StoreException} while the store is unusable
     */
    public FaultWatch(KioskClock clock, AuditSink audit, Runnable probe) {
        this.clock = clock;
        this.audit = audit;
        this.probe = probe;
    }

    public boolean faulty() {
        return reason != null;
    }

    /** True while a part (not the store) holds the box out of service. */
    public boolean partFaulty() {
        return !parts.isEmpty();
    }

    /** A part failed; audited at once the first time. Returns true when it was not failed already. */
    boolean partFailed(String part, String why) {
        if (parts.putIfAbsent(part, why) != null) {
            return false;
        }
        try {
            audit.append(BoxEvents.hardwareFault(part),
                    clock.now().wall());
        } catch (StoreException e) {
            LOG.error("could not audit the {} fault: {}", part, e.getMessage());
        }
        return true;
    }

    /** A part works again; audited. Returns true when it was failed. */
    boolean partRecovered(String part) {
        if (parts.remove(part) == null) {
            return false;
        }
        try {
            audit.append(BoxEvents.partBack(part), clock.now().wall());
        } catch (StoreException e) {
            LOG.error("could not audit the {} recovery: {}", part, e.getMessage());
        }
        return true;
    }

    /** The full reason, for logs and diagnostics. */
    public String reason() {
        return reason;
    }

    /** A short reason for the display. */
    String publicReason() {
        if (reason == null) {
            return parts.isEmpty() ? "" : "Hardware error";
        }
        return kind.display();
    }

    void failed(StoreException why) {
        if (reason == null) {
            reason = why.getMessage();
            kind = why.kind();
            since = clock.now().wall();
        }
        nextRetry = clock.now().mono() + RETRY_MILLIS;
    }

    long retryMillis() {
        return reason == null ? Long.MAX_VALUE : Math.max(0, nextRetry - clock.now().mono());
    }

    /** Tries the store again when it is time; puts the kiosk back in service when it works. */
    public void retryIfDue(KioskLoop loop) {
        if (reason == null || clock.now().mono() < nextRetry) {
            return;
        }
        try {
            probe.run();
            // Recorded now, since the store could not take it when the trouble began.
            audit.append(BoxEvents.storeFault(publicReason(), since),
                    clock.now().wall());
            audit.append(BoxEvents.backInService(), clock.now().wall());
            LOG.info("store works again; back in service");
            reason = null;
            nextRetry = Long.MAX_VALUE;
            loop.recovered();
        } catch (StoreException e) {
            LOG.warn("still out of service: {}", e.getMessage());
            nextRetry = clock.now().mono() + RETRY_MILLIS;
        }
    }
}
