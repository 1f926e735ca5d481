package org.smartbox.diag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.smartbox.auth.BoxKeys;
import org.smartbox.auth.BoxSecret;
import org.smartbox.store.AuditLog;
import org.smartbox.store.BoxState;
import org.smartbox.store.BoxStore;
import org.smartbox.store.Database;
import org.smartbox.store.SlotsInUse;
import org.smartbox.store.StoreException;
import org.smartbox.store.StoreFacts;
import org.smartbox.text.Counted;

/** Checks of what the box keeps on disk: database, cache, outbox, audit chain, secret, free space. */
public final class DataChecks {

    /** A cache older than this has probably lost its link to the cloud. */
    static final Duration STALE_CACHE = Duration.ofHours(24);
    static final long BACKLOG_WARN = 1000;
    static final long DISK_WARN_BYTES = 200L * 1024 * 1024;
    static final long DISK_FAIL_BYTES = 20L * 1024 * 1024;

    private DataChecks() {
    }

    /** The database checks: integrity and schema, cache, outbox, audit chain (keyed by the secret in {@code secretFile}). */
    public static List<CheckResult> database(Path dbFile, Path secretFile, int expectedSchema, Instant now) {
        List<CheckResult> results = new ArrayList<>();
        if (!Files.isRegularFile(dbFile)) {
            results.add(CheckResult.fail("database", "missing: " + dbFile,
                    "the box creates it at first start; check db.file and the service's StateDirectory"));
            return results;
        }
        try (Database db = Database.openExisting(dbFile)) {
            String integrity = db.integrityCheck();
            StoreFacts facts = StoreFacts.read(db);
            if (!integrity.equals("ok")) {
                results.add(CheckResult.fail("database", "integrity: " + integrity,
                        "restore from backup, or move the file aside and sync a snapshot"));
            } else {
                results.add(CheckResult.ok("database", "integrity ok, schema " + facts.schemaVersion()
                        + (facts.schemaVersion() == expectedSchema ? "" : " (software expects " + expectedSchema + ")")));
            }
            results.add(cache(facts, now));
            results.add(facts.outboxBacklog() > BACKLOG_WARN
                    ? CheckResult.warn("outbox", Counted.of(facts.outboxBacklog(), "event") + " waiting",
                    "events are not reaching the cloud: check the MQTT link")
                    : CheckResult.ok("outbox", Counted.of(facts.outboxBacklog(), "event") + " waiting"));
            results.add(chain(db, secretFile, now));
        } catch (StoreException e) {
            results.add(CheckResult.fail("database", e.getMessage(),
                    "restore from backup, or move the file aside and sync a snapshot"));
        }
        return results;
    }

    /** The keyed audit chain, its anchored head and its guards; a log of an older version is re-chained first. */
    private static CheckResult chain(Database db, Path secretFile, Instant now) {
        AuditLog log;
        try {
            log = AuditLog.withSecretFile(db, secretFile);
        } catch (StoreException e) {
            return CheckResult.fail("audit chain", "cannot be checked: " + e.getMessage(),
                    "see the box secret check");
        }
        log.startKeyedChain(now);
        AuditLog.Verification chain = log.verify();
        return chain.intact() ? CheckResult.ok("audit chain", chain.describe())
                : CheckResult.fail("audit chain", chain.describe(),
                "the audit log was altered: keep the file and the box secret as evidence and report it");
    }

    private static CheckResult cache(StoreFacts facts, Instant now) {
        String counts = facts.counts().describeCache();
        if (facts.cacheVersion() == 0 || facts.lastSync().isEmpty()) {
            return CheckResult.warn("cache", "empty, never synced", "push a snapshot: smartbox import, or over MQTT");
        }
        Duration age = Duration.between(facts.lastSync().get(), now);
        if (age.isNegative()) {
            return CheckResult.warn("cache", "version " + facts.cacheVersion() + ", last sync stamped in the future ("
                    + facts.lastSync().get() + ")", "the clock was wrong then or is wrong now: check the clock");
        }
        String value = "version " + facts.cacheVersion() + ", synced " + age.toMinutes() + " min ago, " + counts;
        return age.compareTo(STALE_CACHE) > 0
                ? CheckResult.warn("cache", value, "no sync for a day: check the link to the cloud")
                : CheckResult.ok("cache", value);
    }

    /** The newest time the box recorded (SPEC §12), when its database can be read. */
    public static Optional<Instant> timeFloor(Path dbFile) {
        if (!Files.isRegularFile(dbFile)) {
            return Optional.empty();
        }
        try (Database db = Database.openExisting(dbFile)) {
            return BoxState.timeFloor(db);
        } catch (StoreException e) {
            return Optional.empty(); // the database check names the trouble
        }
    }

    /** The box secret: present, owner-only, well-formed. */
    public static CheckResult secret(Path file) {
        if (!Files.exists(file)) {
            return CheckResult.warn("box secret", "missing: " + file,
                    "created at the next start; account codes then need a fresh snapshot");
        }
        try {
            BoxSecret.load(file);
            if (BoxSecret.permissionsTooOpen(file)) {
                return CheckResult.fail("box secret", "readable by others: " + file,
                        "chmod 600 " + file + " (the service also fixes it at start)");
            }
            return CheckResult.ok("box secret", "present, mode 600");
        } catch (IOException e) {
            return CheckResult.fail("box secret", e.getMessage(), "the secret is damaged: restore it from backup");
        }
    }

    /** The slots the cache's keys are in against {@code box.slots}: a key beyond could never be opened. */
    public static CheckResult slots(Path dbFile, int slots) {
        String name = "slots";
        if (!Files.isRegularFile(dbFile)) {
            return CheckResult.ok(name, "no database yet; " + Counted.of(slots, "slot") + " configured");
        }
        try (Database db = Database.openExisting(dbFile)) {
            SlotsInUse inUse = SlotsInUse.read(db, slots);
            if (inUse.fits()) {
                return CheckResult.ok(name, "every key of the cache is in one of the " + Counted.of(slots, "slot"));
            }
            return CheckResult.fail(name, inUse.problem(), inUse.hint() + "; the box does not start until then");
        } catch (StoreException e) {
            return CheckResult.fail(name, e.getMessage(), "see the database check");
        }
    }

    /**
     * The box secret against the database it belongs to: the database keeps a check value of the
     * secret it was made with, so a lost secret file, or another box's, is a failure with the hint
     * to restore it (a new secret cannot read the account codes and app secrets already stored).
     */
    public static CheckResult secret(Path file, Path dbFile) {
        Optional<String> stored = Optional.empty();
        if (Files.isRegularFile(dbFile)) {
            try (Database db = Database.openExisting(dbFile)) {
                stored = BoxStore.secretCheck(db);
            } catch (StoreException e) {
                // The database check reports the file; the secret is judged alone.
            }
        }
        String restore = "restore " + file + " from this box's backup (owner-only, mode 600), or move " + dbFile
                + " aside and sync a snapshot";
        if (!Files.exists(file)) {
            return stored.isPresent()
                    ? CheckResult.fail("box secret", "missing: " + file + ", and " + dbFile + " was made with one",
                            restore + "; the box does not start until then")
                    : secret(file);
        }
        CheckResult alone = secret(file);
        if (alone.status() == CheckResult.Status.FAIL || stored.isEmpty()) {
            return alone;
        }
        try {
            BoxKeys keys = BoxKeys.from(BoxSecret.load(file), new SecureRandom());
            if (!BoxStore.secretMatches(stored.get(), keys)) {
                return CheckResult.fail("box secret", file + " does not match " + dbFile
                        + " (the database was made with another secret)", restore);
            }
        } catch (IOException e) {
            return CheckResult.fail("box secret", e.getMessage(), "the secret is damaged: restore it from backup");
        }
        return CheckResult.ok("box secret", alone.value() + ", matches the database");
    }

    /** Free space on the data folder: the audit log and outbox grow there. */
    public static CheckResult disk(Path folder, SystemFacts system) {
        try {
            long free = system.freeBytes(folder);
            String value = (free / (1024 * 1024)) + " MB free on " + folder.toAbsolutePath();
            if (free < DISK_FAIL_BYTES) {
                return CheckResult.fail("disk", value, "the box cannot record pickups: free space now");
            }
            return free < DISK_WARN_BYTES ? CheckResult.warn("disk", value, "free some space before it runs out")
                    : CheckResult.ok("disk", value);
        } catch (IOException e) {
            return CheckResult.fail("disk", e.getMessage(), "the data folder is not reachable");
        }
    }
}
