package org.smartbox.fleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditType;
import org.smartbox.fleet.DeliveryQueue.Delivery;
import org.smartbox.audit.BoxEvents;
import org.smartbox.kiosk.RefusalAudit;
import org.smartbox.kiosk.SyncService;
import org.smartbox.sync.SyncRejection;

/**
 * Sync documents and app unlock grants from the broker, each kind in its own queue on its own
 * thread, so that a flood of one never turns the other away. Documents are applied in the order
 * they came, each on the kiosk's thread exactly as {@code smartbox import} applies a file (whole or
 * not at all), and each is answered on {@code smartbox/{box}/sync/result}, naming it by the SHA-256
 * of its bytes. A large document comes in parts, kept on disk until it is whole ({@link PartAssembly}).
 *
 * <p>Flow control: the box acknowledges a message to the broker only once it is dealt with (applied
 * and answered, a part stored, a grant checked), and the broker sends at most the box's Receive
 * Maximum unacknowledged at a time; the rest waits at the broker, where it survives a restart of the
 * box. The answer itself waits for room in the broker's window rather than being dropped. A message
 * of a connection that died before its turn is left to the broker, which sends it again on the next
 * one; the same document twice is answered "applied" again (the last one applied is remembered in
 * the database), not applied twice.
 */
final class SyncDownlink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncDownlink.class);
    /** What the box asks the broker to have in flight to it (MQTT 5 Receive Maximum). */
    static final int RECEIVE_MAXIMUM = 16;
    /** How long an answer may wait for room in the broker's window, and then for its acknowledgement. */
    private static final long ANSWER_WAIT_MILLIS = 30_000;
    /** Meta key: the SHA-256 and version of the last document applied over the link. */
    static final String LAST_DOCUMENT = "fleet_last_document";

    private final FleetLink link;
    private final FleetPorts kiosk;
    private final KioskAccess access;
    private final PartAssembly parts;
    private final DeliveryQueue documents;
    private final DeliveryQueue grants;

    SyncDownlink(FleetLink link, FleetPorts kiosk, PartAssembly parts) {
        this.link = link;
        this.kiosk = kiosk;
        this.access = kiosk.access();
        this.parts = parts;
        this.documents = new DeliveryQueue("fleet-sync", AuditType.SYNC_REJECTED, this::document, this::renew);
        this.grants = new DeliveryQueue("fleet-grants", AuditType.GRANT_REJECTED, this::grant, this::renew);
    }

    void start() {
        documents.start();
        grants.start();
    }

    /** A queue emptied after holding messages back: a fresh connection makes the broker send them again. */
    private void renew(LinkSession heldBackOn) {
        link.renew(heldBackOn, "fetching the messages held back at the broker");
    }

    /** A message on the sync topic (Paho's thread). */
    void documentArrived(LinkSession session, int messageId, int qos, byte[] payload) {
        documents.arrived(new Delivery(session, messageId, qos, payload));
    }

    /** A message on the grants topic (Paho's thread). */
    void grantArrived(LinkSession session, int messageId, int qos, byte[] payload) {
        grants.arrived(new Delivery(session, messageId, qos, payload));
    }

    /** Nothing waiting and nothing being handled (for the tests: everything delivered so far was dealt with). */
    boolean idle() {
        return documents.idle() && grants.idle();
    }

    /** The connection {@code session} died: what it delivered and nobody started is left to the broker. */
    void sessionEnded(LinkSession session) {
        documents.sessionEnded(session);
        grants.sessionEnded(session);
    }

    // ---- documents ----

    /** The last document completed from parts, with its answer, to answer a part delivered again. */
    private record Finished(String sha, int index, byte[] answer) {
    }

    /** Touched by the document worker only. */
    private Finished finished;
    /** A flood of bad documents fills the audit with counts, and the journal with no more than this. */
    private final LogAllowance rejectionLog = new LogAllowance(RefusalAudit.INDIVIDUAL, RefusalAudit.WINDOW_MILLIS);

    /** At most {@code perWindow} log lines a window (the audit counts the rest). */
    private static final class LogAllowance {
        private final int perWindow;
        private final long windowNanos;
        private long windowStart = System.nanoTime();
        private int used;

        LogAllowance(int perWindow, long windowMillis) {
            this.perWindow = perWindow;
            this.windowNanos = windowMillis * 1_000_000;
        }

        boolean allow() {
            long now = System.nanoTime();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                used = 0;
            }
            return used++ < perWindow;
        }
    }

    private void document(Delivery d) {
        if (Payloads.isPart(d.payload())) {
            part(d);
            return;
        }
        String sha = sha256(d.payload());
        byte[] result = applyAndDescribe(sha, () -> new ByteArrayInputStream(d.payload()));
        // Unanswered (the connection died): not acknowledged, so the broker sends it again.
        if (result != null && answer(d.session(), result)) {
            d.acknowledge();
        }
    }

    private void part(Delivery d) {
        Payloads.Part part;
        try {
            part = Payloads.parsePart(d.payload());
        } catch (IOException e) {
            String message = e.getMessage();
            String path = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
            refusePart(d, claimedSha(d.payload()), path.isEmpty() ? "part" : "part." + path, message);
            return;
        }
        Finished done = finished;
        if (done != null && done.sha().equals(part.sha256())) {
            // A part of the document just applied: the one that completed it, sent again because its
            // acknowledgement was lost, is answered again (as a document delivered again is); any other
            // is a duplicate.
            if (part.index() != done.index() || answer(d.session(), again(done.answer()))) {
                d.acknowledge();
            }
            return;
        }
        PartAssembly.Outcome outcome = parts.add(part);
        if (outcome instanceof PartAssembly.Outcome.Stored stored) {
            if (stored.have() == 1 || stored.have() % 50 == 0) {
                LOG.info("sync document {} in parts: {} of {} stored", part.sha256().substring(0, 12), stored.have(),
                        stored.count());
            }
            d.acknowledge();
        } else if (outcome instanceof PartAssembly.Outcome.Duplicate) {
            d.acknowledge();
        } else if (outcome instanceof PartAssembly.Outcome.Rejected rejected) {
            refusePart(d, part.sha256(), rejected.path().isEmpty() ? "part" : "part." + rejected.path(),
                    rejected.message());
        } else if (outcome instanceof PartAssembly.Outcome.Complete complete) {
            LOG.info("sync document {} complete: {} parts, {} bytes", complete.sha256().substring(0, 12), part.count(),
                    complete.bytes());
            byte[] result = applyAndDescribe(complete.sha256(), () -> {
                try {
                    return parts.open();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (result == null) {
                // Stopping: the parts stay on disk, and the broker sends this part again after the restart.
                return;
            }
            parts.finish();
            finished = new Finished(complete.sha256(), part.index(), result);
            if (answer(d.session(), result)) {
                d.acknowledge();
            }
        }
    }

    /** The answer to a document delivered again: "applied" is marked a duplicate, anything else is as it was. */
    private static byte[] again(byte[] answer) {
        try {
            Payloads.SyncResult result = Payloads.parseResult(answer);
            return result.applied() ? Payloads.applied(result.version(), result.sha256(), true) : answer;
        } catch (IOException e) {
            return answer;
        }
    }

    /** A part that cannot be used is answered with its reason and counted among the refusals. */
    private void refusePart(Delivery d, String sha, String path, String message) {
        long version;
        try {
            version = access.call(() -> {
                kiosk.refusals().refuse(BoxEvents.syncRejected(path), path);
                return kiosk.store().state().cacheVersion();
            }).get();
        } catch (ExecutionException e) {
            LOG.warn("a refused part could not be audited: {}", FleetLink.describe(e));
            version = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (answer(d.session(), Payloads.rejected(path, message, version, false, sha))) {
            d.acknowledge();
        }
    }

    /** Applies the document on the kiosk's thread and returns its answer; null when interrupted (stopping). */
    private byte[] applyAndDescribe(String sha, java.util.function.Supplier<InputStream> document) {
        Applied applied;
        try {
            applied = access.call(() -> applyOnKiosk(sha, document)).get();
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? "unknown" : String.valueOf(e.getCause().getMessage());
            LOG.error("sync document could not be applied: {}", why);
            return Payloads.failed("the box could not apply it: " + why, sha);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (applied.duplicate()) {
            LOG.info("sync document {} delivered again; already applied", sha.substring(0, 12));
            return Payloads.applied(applied.version(), sha, true);
        }
        if (applied.outcome() instanceof SyncService.Outcome.Applied ok) {
            link.statusChanged();
            ok.warnings().forEach(w -> LOG.warn("sync document applied with a warning: {}", w.message()));
            return Payloads.applied(ok.version(), sha, false, ok.warnings());
        }
        SyncService.Outcome.Rejected rejected = (SyncService.Outcome.Rejected) applied.outcome();
        SyncRejection why = rejected.rejection();
        if (rejectionLog.allow()) {
            LOG.warn("sync document rejected: {}", why.message());
        }
        // Only a snapshot can bridge a gap: a delta built on another version than the cache's.
        boolean needSnapshot = why.path().equals("baseVersion");
        return Payloads.rejected(why.path().isEmpty() ? "$" : why.path(), why.message(), rejected.currentVersion(),
                needSnapshot, sha);
    }

    private record Applied(boolean duplicate, long version, SyncService.Outcome outcome) {
    }

    /** On the kiosk's thread: the same document as the last one applied is not applied again. */
    private Applied applyOnKiosk(String sha, java.util.function.Supplier<InputStream> document) {
        Optional<String> last = kiosk.store().state().meta(LAST_DOCUMENT);
        if (last.isPresent() && last.get().startsWith(sha + " ")) {
            return new Applied(true, Long.parseLong(last.get().substring(sha.length() + 1)), null);
        }
        SyncService.Outcome outcome;
        try (InputStream in = document.get()) {
            outcome = kiosk.sync().applyFromFleet(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (outcome instanceof SyncService.Outcome.Applied ok) {
            kiosk.store().state().setMeta(LAST_DOCUMENT, sha + " " + ok.version());
        }
        return new Applied(false, 0, outcome);
    }

    /** Publishes a result on the session the document came on; true once the broker acknowledged it. */
    private boolean answer(LinkSession session, byte[] result) {
        return link.publishAndWait(session, link.topics().syncResult(), result, ANSWER_WAIT_MILLIS);
    }

    // ---- grants ----

    private void grant(Delivery d) {
        try {
            Optional<String> refused = access.call(() -> kiosk.grants().deliverFromFleet(d.payload())).get();
            refused.ifPresent(reason -> LOG.debug("grant from the broker refused: {}", reason));
        } catch (ExecutionException e) {
            LOG.error("grant could not be delivered: {}", e.getCause() == null ? "unknown" : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        d.acknowledge();
    }

    // ---- now and then ----

    /**
     * On the kiosk's thread, once a minute: counts what was dropped at the door, writes the flood
     * summaries that are due, and drops parts whose document stopped coming.
     */
    void housekeeping() {
        parts.dropIfExpired();
        long docs = documents.takeDropped();
        long grantsDropped = grants.takeDropped();
        access.call(() -> {
            kiosk.refusals().count(documents.refusal(), "qos0_queue_full", docs);
            kiosk.refusals().count(grants.refusal(), "qos0_queue_full", grantsDropped);
            kiosk.refusals().flushIfDue();
            return null;
        });
    }

    static String sha256(byte[] payload) {
        return HexFormat.of().formatHex(PartAssembly.sha256().digest(payload));
    }

    /** The document a malformed part claims to belong to, so its sender finds the answer; else the part's own. */
    private static String claimedSha(byte[] payload) {
        try {
            String sha = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload).path("sha256").asText("");
            if (sha.matches("[0-9a-f]{64}")) {
                return sha;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return sha256(payload);
    }

    /** Stops taking work; a document the kiosk is applying finishes there, its answer may be lost. */
    @Override
    public void close() {
        documents.stop();
        grants.stop();
        try {
            documents.join(2000);
            grants.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
