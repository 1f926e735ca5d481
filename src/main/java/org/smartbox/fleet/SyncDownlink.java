package org.smartbox.fleet;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.kiosk.Kiosk;
import org.smartbox.kiosk.SyncService;
import org.smartbox.sync.SyncRejection;

/**
 * Sync documents and app unlock grants from the broker, in the order they came, each handed to the
 * kiosk's thread and applied exactly as {@code smartbox import} applies a file: whole or not at all.
 * The outcome goes to {@code smartbox/{box}/sync/result}, naming the document by the SHA-256 of its
 * bytes. A delta whose {@code baseVersion} does not match the cache asks for a snapshot. The same
 * document delivered twice in a row (QoS 1 allows it) is answered "applied" again, not re-applied.
 */
final class SyncDownlink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncDownlink.class);
    /** Documents can be large; beyond this many waiting, the cloud is asked to send again later. */
    private static final int QUEUE = 16;

    private final FleetLink link;
    private final Kiosk kiosk;
    private final KioskAccess access;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "fleet-sync");
                t.setDaemon(true);
                return t;
            });
    /** Touched by the worker thread only. */
    private String lastAppliedSha = "";
    private long lastAppliedVersion;

    SyncDownlink(FleetLink link, Kiosk kiosk, KioskAccess access) {
        this.link = link;
        this.kiosk = kiosk;
        this.access = access;
    }

    /** A sync document arrived (Paho's thread: hand it over, never block). */
    void document(byte[] payload) {
        try {
            worker.execute(() -> apply(payload));
        } catch (RejectedExecutionException e) {
            if (worker.isShutdown()) {
                LOG.info("sync document ignored: the link is closing");
                return;
            }
            LOG.warn("sync document refused: {} documents are already waiting", QUEUE);
            link.publishQuietly(link.topics().syncResult(),
                    Payloads.failed("the box is busy with earlier documents; send this one again later",
                            sha256(payload)));
        }
    }

    /** An app unlock grant arrived. */
    void grant(byte[] payload) {
        try {
            worker.execute(() -> deliver(payload));
        } catch (RejectedExecutionException e) {
            LOG.warn("grant dropped: the box is busy with sync documents");
        }
    }

    private void apply(byte[] payload) {
        String sha = sha256(payload);
        if (sha.equals(lastAppliedSha)) {
            LOG.info("sync document {} delivered again; already applied", sha.substring(0, 12));
            link.publishQuietly(link.topics().syncResult(), Payloads.applied(lastAppliedVersion, sha, true));
            return;
        }
        SyncService.Outcome outcome;
        try {
            outcome = access.call(() -> kiosk.sync().apply(new ByteArrayInputStream(payload))).get();
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? "unknown" : String.valueOf(e.getCause().getMessage());
            LOG.error("sync document could not be applied: {}", why);
            link.publishQuietly(link.topics().syncResult(), Payloads.failed("the box could not apply it: " + why, sha));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] result;
        if (outcome instanceof SyncService.Outcome.Applied applied) {
            lastAppliedSha = sha;
            lastAppliedVersion = applied.version();
            result = Payloads.applied(applied.version(), sha, false, applied.warnings());
            applied.warnings().forEach(w -> LOG.warn("sync document applied with a warning: {}", w.message()));
        } else {
            SyncService.Outcome.Rejected rejected = (SyncService.Outcome.Rejected) outcome;
            SyncRejection why = rejected.rejection();
            LOG.warn("sync document rejected: {}", why.message());
            // Only a snapshot can bridge a gap: a delta built on another version than the cache's.
            boolean needSnapshot = why.path().equals("baseVersion");
            result = Payloads.rejected(why.path().isEmpty() ? "$" : why.path(), why.message(),
                    rejected.currentVersion(), needSnapshot, sha);
        }
        link.publishQuietly(link.topics().syncResult(), result);
        link.statusChanged();
    }

    private void deliver(byte[] payload) {
        try {
            Optional<String> refused = access.call(() -> kiosk.grants().deliver(payload)).get();
            refused.ifPresent(reason -> LOG.info("grant from the broker refused: {}", reason));
        } catch (ExecutionException e) {
            LOG.error("grant could not be delivered: {}", e.getCause() == null ? "unknown" : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Stops taking work; a document the kiosk is applying finishes there, its answer may be lost. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
