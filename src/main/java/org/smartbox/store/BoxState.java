package org.smartbox.store;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The box's own state, apart from its keys: the lockout counters ({@code lockout}), and in
 * {@code meta} the cache version, the last sync, the latch a session had open, the event stream's
 * name and the time floor (SPEC §12); with the row counts of the cache for status screens.
 */
public final class BoxState {

    private final Database db;

    BoxState(Database db) {
        this.db = db;
    }

    /** Lockout counters in wall-clock milliseconds, as they survive a restart. */
    public record SavedLockout(int failures, int level, long quietFromWall, long lockedUntilWall, int windowFailures,
                               long windowStartWall) {
    }

    public Optional<SavedLockout> loadLockout() {
        return db.read(() -> {
            try (ResultSet rs = db.prepare("SELECT failures, level, quiet_from, locked_until, window_failures,"
                    + " window_start FROM lockout WHERE id = 1").executeQuery()) {
                return rs.next() ? Optional.of(new SavedLockout(rs.getInt(1), rs.getInt(2), rs.getLong(3),
                        rs.getLong(4), rs.getInt(5), rs.getLong(6))) : Optional.<SavedLockout>empty();
            }
        });
    }

    public void saveLockout(SavedLockout saved) {
        db.inTransaction(() -> {
            PreparedStatement upsert = db.prepare("INSERT INTO lockout (id, failures, level, quiet_from, locked_until,"
                    + " window_failures, window_start) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                    + " failures = excluded.failures, level = excluded.level, quiet_from = excluded.quiet_from,"
                    + " locked_until = excluded.locked_until, window_failures = excluded.window_failures,"
                    + " window_start = excluded.window_start");
            upsert.setInt(1, saved.failures());
            upsert.setInt(2, saved.level());
            upsert.setLong(3, saved.quietFromWall());
            upsert.setLong(4, saved.lockedUntilWall());
            upsert.setInt(5, saved.windowFailures());
            upsert.setLong(6, saved.windowStartWall());
            upsert.executeUpdate();
            return null;
        });
    }

    public long cacheVersion() {
        return meta("cache_version").map(Long::parseLong).orElse(0L);
    }

    public Optional<Instant> lastSync() {
        return meta("last_sync").map(Instant::parse);
    }

    /**
     * A latch released for a session, noted before it moves: the slot, and who it was opened for
     * and which key (either may be null: a latch test of an empty slot has no key).
     */
    public record OpenLatch(String slot, String userId, String keyId) {
    }

    private static final List<String> OPEN_LATCH_NAMES = List.of("open_latch", "open_latch_user", "open_latch_key");

    /** The latch that was released when the box last wrote, if a session was open. */
    public Optional<OpenLatch> openLatch() {
        return meta("open_latch").map(slot -> new OpenLatch(slot, meta("open_latch_user").orElse(null),
                meta("open_latch_key").orElse(null)));
    }

    public void setOpenLatch(OpenLatch latch) {
        db.inTransaction(() -> {
            clearOpenLatch();
            setMeta("open_latch", latch.slot());
            if (latch.userId() != null) {
                setMeta("open_latch_user", latch.userId());
            }
            if (latch.keyId() != null) {
                setMeta("open_latch_key", latch.keyId());
            }
            return null;
        });
    }

    public void clearOpenLatch() {
        db.inTransaction(() -> {
            PreparedStatement delete = db.prepare("DELETE FROM meta WHERE name = ?");
            for (String name : OPEN_LATCH_NAMES) {
                delete.setString(1, name);
                delete.executeUpdate();
            }
            return null;
        });
    }

    public Optional<String> meta(String name) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT value FROM meta WHERE name = ?");
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    public void setMeta(String name, String value) {
        db.inTransaction(() -> {
            PreparedStatement upsert = db.prepare("INSERT INTO meta (name, value) VALUES (?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET value = excluded.value");
            upsert.setString(1, name);
            upsert.setString(2, value);
            upsert.executeUpdate();
            return null;
        });
    }

    /**
     * The name of this database's audit log as the fleet sees it (the {@code stream} of each event): made
     * once, at random, and kept; a replaced database has another, so a consumer can tell that its
     * sequence numbers started over.
     */
    public String eventStream() {
        return db.inTransaction(() -> {
            byte[] random = new byte[8];
            new SecureRandom().nextBytes(random);
            PreparedStatement insert = db.prepare("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)");
            insert.setString(1, "event_stream");
            insert.setString(2, HexFormat.of().formatHex(random));
            insert.executeUpdate();
            PreparedStatement q = db.prepare("SELECT value FROM meta WHERE name = ?");
            q.setString(1, "event_stream");
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /**
     * The newest wall time the box recorded (SPEC §12): its newest audit entry, its last applied sync,
     * its newest used grant. The box's decisions never use an earlier wall time.
     */
    public Optional<Instant> timeFloor() {
        return timeFloor(db);
    }

    /** The meta row the running box writes the floor to now and then (between audit entries). */
    public static final String TIME_FLOOR = "time_floor";

    /** {@link #timeFloor()} for tools without the secret ({@code diag}). */
    public static Optional<Instant> timeFloor(Database db) {
        return db.read(() -> {
            Instant newest = null;
            for (String sql : List.of("SELECT at FROM audit ORDER BY seq DESC LIMIT 1",
                    "SELECT value FROM meta WHERE name = 'last_sync'",
                    "SELECT value FROM meta WHERE name = '" + TIME_FLOOR + "'")) {
                try (ResultSet rs = db.prepare(sql).executeQuery()) {
                    if (rs.next()) {
                        newest = later(newest, parseInstant(rs.getString(1)));
                    }
                }
            }
            try (ResultSet rs = db.prepare("SELECT MAX(used_at) FROM grants_used").executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    newest = later(newest, Instant.ofEpochMilli(rs.getLong(1)));
                }
            }
            return Optional.ofNullable(newest);
        });
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null; // a damaged time sets no floor; the audit chain check names the damage
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || b.isBefore(a) ? a : b;
    }

    /** Rows per cache table, for status and diagnostics. */
    public CacheCounts counts() {
        return db.read(() -> CacheCounts.query(db));
    }
}
