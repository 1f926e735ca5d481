package org.smartbox.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.auth.BoxKeys;
import org.smartbox.cache.Access;
import org.smartbox.cache.Key;
import org.smartbox.cache.KeyState;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;

/**
 * The box's cache (users, keys, accesses) and its own state (where keys are, code issues, app-code
 * steps, used grants, lockout counters, meta). All SQL for these tables lives here.
 */
public final class BoxStore {

    private static final Logger LOG = LoggerFactory.getLogger(BoxStore.class);
    private static final String USER_COLUMNS = "id, name, mobile, technician, login2fa, key_pickups2fa,"
            + " guest_pickups2fa, app_secret IS NOT NULL";
    private static final String KEY_COLUMNS = "k.id, k.owner_id, k.label, k.slot";
    private static final String ACCESS_COLUMNS = "id, key_id, user_id, valid_from, valid_until, max_pickups,"
            + " pickups_used";
    /** Code issues older than this are of no use to any rate limit and are pruned. */
    private static final Duration CODE_ISSUE_RETENTION = Duration.ofDays(1);

    private final Database db;
    private final BoxKeys keys;

    public BoxStore(Database db, BoxKeys keys) {
        this.db = db;
        this.keys = keys;
        checkSecret();
    }

    public Database database() {
        return db;
    }

    // ---- users ----

    /** The one user with this number; empty when no one or several have it (then it says who no one). */
    public Optional<User> userByMobile(String e164) {
        List<User> found = usersByMobile(e164);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Users with this number: none, one, or (when it is shared) the first two. */
    public List<User> usersByMobile(String e164) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + USER_COLUMNS + " FROM users WHERE mobile = ? LIMIT 2");
            q.setString(1, e164);
            List<User> found = users(q);
            if (found.size() > 1) {
                // Two people share the number: the box cannot tell who is there by it.
                LOG.info("mobile number ending {} belongs to several users; they identify by account code",
                        e164.substring(Math.max(0, e164.length() - 4)));
            }
            return found;
        });
    }

    /** The ids of the users with this number; for warning about shared numbers when syncing. */
    public java.util.Set<String> userIdsWithMobile(String e164) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT id FROM users WHERE mobile = ?");
            q.setString(1, e164);
            java.util.Set<String> ids = new java.util.TreeSet<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    public Optional<User> userByAccountCode(String digits) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + USER_COLUMNS + " FROM users WHERE account_code_hash = ?");
            q.setBytes(1, keys.accountCodes().hash(digits));
            return users(q).stream().findFirst();
        });
    }

    public Optional<User> user(String id) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?");
            q.setString(1, id);
            return users(q).stream().findFirst();
        });
    }

    /** Who has this account code, by keyed hash; for checking uniqueness when syncing. */
    public Optional<String> userIdWithAccountCode(String digits) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT id FROM users WHERE account_code_hash = ?");
            q.setBytes(1, keys.accountCodes().hash(digits));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    public Optional<byte[]> appSecret(String userId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT app_secret FROM users WHERE id = ? AND app_secret IS NOT NULL");
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<byte[]>empty();
                }
                try {
                    return Optional.of(keys.appSecrets().decrypt(userId, rs.getBytes(1)));
                } catch (IllegalArgumentException e) {
                    // Fail closed: a secret that does not decrypt accepts no app code.
                    LOG.warn("app secret of user {} does not decrypt; app codes refused for them", userId);
                    return Optional.<byte[]>empty();
                }
            }
        });
    }

    // ---- keys and accesses ----

    public Optional<Key> key(String keyId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + KEY_COLUMNS + " FROM keys k WHERE k.id = ?");
            q.setString(1, keyId);
            return keys(q).stream().findFirst();
        });
    }

    public Optional<Key> keyInSlot(int slot) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + KEY_COLUMNS + " FROM keys k WHERE k.slot = ?");
            q.setInt(1, slot);
            return keys(q).stream().findFirst();
        });
    }

    /**
     * Every key and every key owner, read as of one cache version: the version is read before and
     * after, and the read repeated if a sync (from this process or another) committed in between.
     */
    public KeyDirectory keyDirectory() {
        while (true) {
            long version = cacheVersion();
            List<Key> keys = allKeys();
            Map<String, User> owners = new HashMap<>();
            db.read(() -> {
                for (User owner : users(db.prepare("SELECT " + USER_COLUMNS + " FROM users"
                        + " WHERE id IN (SELECT owner_id FROM keys)"))) {
                    owners.put(owner.id(), owner);
                }
                return null;
            });
            if (cacheVersion() == version) {
                return new KeyDirectory(version, keys, owners);
            }
        }
    }

    public List<Key> allKeys() {
        return db.read(() -> keys(db.prepare("SELECT " + KEY_COLUMNS + " FROM keys k ORDER BY k.slot")));
    }

    public List<Key> keysOwnedBy(String userId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + KEY_COLUMNS + " FROM keys k WHERE k.owner_id = ?");
            q.setString(1, userId);
            return keys(q);
        });
    }

    public List<Key> keysHeldBy(String userId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + KEY_COLUMNS + " FROM keys k"
                    + " JOIN key_state s ON s.key_id = k.id WHERE s.out = 1 AND s.holder_id = ?");
            q.setString(1, userId);
            return keys(q);
        });
    }

    public List<Access> accessesOf(String userId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + ACCESS_COLUMNS + " FROM accesses WHERE user_id = ?");
            q.setString(1, userId);
            List<Access> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long max = rs.getLong(6);
                    Integer maxPickups = rs.wasNull() ? null : (int) max;
                    out.add(new Access(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), maxPickups,
                            rs.getInt(7)));
                }
            }
            return out;
        });
    }

    /** The ids of the keys the box believes are out, in one read (start-up: which sensors to expect empty). */
    public java.util.Set<String> keysOut() {
        return db.read(() -> {
            java.util.Set<String> out = new java.util.HashSet<>();
            try (ResultSet rs = db.prepare("SELECT key_id FROM key_state WHERE out = 1").executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * This user's accesses whose window {@code [validFrom, validUntil)} holds {@code at}, read by the
     * index on the user: the expired and the not-yet-valid are not even read.
     */
    public List<Access> accessesOf(String userId, Instant at) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT id, key_id, valid_from, valid_until, max_pickups, pickups_used"
                    + " FROM accesses WHERE user_id = ? AND valid_from <= ? AND valid_until > ?");
            // Windows are stored in whole milliseconds: at truncated to them compares the same way.
            long millis = at.toEpochMilli();
            q.setString(1, userId);
            q.setLong(2, millis);
            q.setLong(3, millis);
            List<Access> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long max = rs.getLong(5);
                    Integer maxPickups = rs.wasNull() ? null : (int) max;
                    out.add(new Access(rs.getString(1), rs.getString(2), userId, Instant.ofEpochMilli(rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4)), maxPickups, rs.getInt(6)));
                }
            }
            return out;
        });
    }

    /** A key the box has no record for has never been seen leave: it is in. */
    public KeyState keyState(String keyId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT out, holder_id FROM key_state WHERE key_id = ?");
            q.setString(1, keyId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1 ? new KeyState(true, rs.getString(2)) : KeyState.IN;
            }
        });
    }

    /** The key leaves its slot; one pickup of {@code accessId} is used, when given. */
    public void keyOut(String keyId, String holderId, String accessId, Instant at) {
        db.inTransaction(() -> {
            setKeyState(keyId, true, holderId, at);
            if (accessId != null) {
                PreparedStatement use = db.prepare("UPDATE accesses SET pickups_used = pickups_used + 1 WHERE id = ?");
                use.setString(1, accessId);
                use.executeUpdate();
            }
            return null;
        });
    }

    public void keyIn(String keyId, Instant at) {
        db.inTransaction(() -> {
            setKeyState(keyId, false, null, at);
            return null;
        });
    }

    private void setKeyState(String keyId, boolean out, String holderId, Instant at) throws SQLException {
        PreparedStatement upsert = db.prepare("INSERT INTO key_state (key_id, out, holder_id, changed_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT(key_id) DO UPDATE SET out = excluded.out,"
                + " holder_id = excluded.holder_id, changed_at = excluded.changed_at");
        upsert.setString(1, keyId);
        upsert.setInt(2, out ? 1 : 0);
        upsert.setString(3, holderId);
        upsert.setLong(4, at.toEpochMilli());
        upsert.executeUpdate();
    }

    // ---- one-time codes, app codes, grants ----

    public int codesIssuedSince(String userId, Instant since) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT COUNT(*) FROM code_issues WHERE user_id = ? AND issued_at >= ?");
            q.setString(1, userId);
            q.setLong(2, since.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    public void recordCodeIssued(String userId, Instant at) {
        db.inTransaction(() -> {
            PreparedStatement prune = db.prepare("DELETE FROM code_issues WHERE issued_at < ?");
            prune.setLong(1, at.minus(CODE_ISSUE_RETENTION).toEpochMilli());
            prune.executeUpdate();
            PreparedStatement insert = db.prepare("INSERT INTO code_issues (user_id, issued_at) VALUES (?, ?)");
            insert.setString(1, userId);
            insert.setLong(2, at.toEpochMilli());
            insert.executeUpdate();
            return null;
        });
    }

    /** Takes back the user's newest code issue: its message never left (failed sends do not count). */
    public void forgetLastCodeIssued(String userId) {
        db.inTransaction(() -> {
            PreparedStatement delete = db.prepare("DELETE FROM code_issues WHERE rowid = (SELECT rowid FROM"
                    + " code_issues WHERE user_id = ? ORDER BY issued_at DESC, rowid DESC LIMIT 1)");
            delete.setString(1, userId);
            delete.executeUpdate();
            return null;
        });
    }

    public OptionalLong lastAppStep(String userId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT last_step FROM app_steps WHERE user_id = ?");
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    public void useAppStep(String userId, long step) {
        db.inTransaction(() -> {
            PreparedStatement upsert = db.prepare("INSERT INTO app_steps (user_id, last_step) VALUES (?, ?)"
                    + " ON CONFLICT(user_id) DO UPDATE SET last_step = MAX(last_step, excluded.last_step)");
            upsert.setString(1, userId);
            upsert.setLong(2, step);
            upsert.executeUpdate();
            return null;
        });
    }

    /**
     * Marks a grant used; false when it already was. An id is kept until {@code now}, the box's
     * floored wall time (SPEC §12), has passed the grant's expiry by a day: from the expiry on the
     * grant is refused as expired whatever the wall clock says (the floor never goes back), and the
     * day is a margin on top.
     */
    public boolean useGrant(String grantId, Instant expiresAt, Instant now) {
        return db.inTransaction(() -> {
            PreparedStatement prune = db.prepare("DELETE FROM grants_used WHERE expires_at < ?");
            prune.setLong(1, now.minus(Duration.ofDays(1)).toEpochMilli());
            prune.executeUpdate();
            PreparedStatement insert = db.prepare(
                    "INSERT OR IGNORE INTO grants_used (grant_id, expires_at, used_at) VALUES (?, ?, ?)");
            insert.setString(1, grantId);
            insert.setLong(2, expiresAt.toEpochMilli());
            insert.setLong(3, now.toEpochMilli());
            return insert.executeUpdate() == 1;
        });
    }

    /** Was this grant already used (its slot released)? A grant offered and not taken up is not. */
    public boolean grantUsed(String grantId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT 1 FROM grants_used WHERE grant_id = ?");
            q.setString(1, grantId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        });
    }

    // ---- lockout ----

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

    // ---- meta ----

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
            new java.security.SecureRandom().nextBytes(random);
            PreparedStatement insert = db.prepare("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)");
            insert.setString(1, "event_stream");
            insert.setString(2, java.util.HexFormat.of().formatHex(random));
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
        } catch (java.time.format.DateTimeParseException e) {
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

    /**
     * Refuses a database made under another box secret: its account-code hashes and app secrets
     * would silently stop working. The check value is a keyed hash, not the secret.
     */
    private void checkSecret() {
        String expected = HexFormat.of().formatHex(keys.check());
        Optional<String> stored = secretCheck(db);
        if (stored.isEmpty()) {
            setMeta("secret_check", expected);
        } else if (!secretMatches(stored.get(), keys)) {
            throw new StoreException(db.file() + ": this database was made with a different box secret;"
                    + " restore the box's secret file, or start from an empty database and sync a snapshot");
        }
    }

    /**
     * The check value of the secret a database was made with (a keyed hash, not the secret), so that
     * tools without the kiosk ({@code diag}, the start) can tell a lost or wrong secret file.
     */
    public static Optional<String> secretCheck(Database db) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT value FROM meta WHERE name = ?");
            q.setString(1, "secret_check");
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Does {@code secret} match the check value stored in the database (compared in constant time)? */
    public static boolean secretMatches(String storedCheck, BoxKeys secretKeys) {
        byte[] expected = HexFormat.of().formatHex(secretKeys.check()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(storedCheck.getBytes(StandardCharsets.US_ASCII), expected);
    }

    private static List<User> users(PreparedStatement q) throws SQLException {
        List<User> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                SecuritySettings security = new SecuritySettings(on(rs, 5), on(rs, 6), on(rs, 7));
                out.add(new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0, security,
                        rs.getInt(8) != 0));
            }
        }
        return out;
    }

    /**
     * A 2FA setting: OFF only when the column holds the integer 0. Anything else counts as ON, as a
     * missing setting does (SPEC §4 rule 3): text or a blob (which getInt would read as 0), and a
     * fraction such as 0.5 or -0.4 (which longValue() would truncate to 0).
     */
    private static boolean on(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        boolean integerZero = (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() == 0;
        return !integerZero;
    }

    private static List<Key> keys(PreparedStatement q) throws SQLException {
        List<Key> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
            }
        }
        return out;
    }
}
