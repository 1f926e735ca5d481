package org.smartbox.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.smartbox.cache.Access;
import org.smartbox.cache.Key;
import org.smartbox.cache.KeyState;
import org.smartbox.cache.User;

/**
 * The keys in the box and who may take them: {@code keys}, where each key is ({@code key_state}) and
 * the accesses with their pickup counts ({@code accesses}). A key leaving its slot and the pickup it
 * uses are one write.
 */
public final class KeyTable {

    private static final String KEY_COLUMNS = "k.id, k.owner_id, k.label, k.slot";
    private static final String ACCESS_COLUMNS = "id, key_id, user_id, valid_from, valid_until, max_pickups,"
            + " pickups_used";

    private final Database db;
    private final BoxState state;

    KeyTable(Database db, BoxState state) {
        this.db = db;
        this.state = state;
    }

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
            long version = state.cacheVersion();
            List<Key> keys = allKeys();
            Map<String, User> owners = new HashMap<>();
            db.read(() -> {
                for (User owner : UserTable.users(db.prepare("SELECT " + UserTable.USER_COLUMNS + " FROM users"
                        + " WHERE id IN (SELECT owner_id FROM keys)"))) {
                    owners.put(owner.id(), owner);
                }
                return null;
            });
            if (state.cacheVersion() == version) {
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
            return accesses(q);
        });
    }

    /** The ids of the keys the box believes are out, in one read (start-up: which sensors to expect empty). */
    public Set<String> keysOut() {
        return db.read(() -> {
            Set<String> out = new HashSet<>();
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
            PreparedStatement q = db.prepare("SELECT " + ACCESS_COLUMNS
                    + " FROM accesses WHERE user_id = ? AND valid_from <= ? AND valid_until > ?");
            // Windows are stored in whole milliseconds: at truncated to them compares the same way.
            long millis = at.toEpochMilli();
            q.setString(1, userId);
            q.setLong(2, millis);
            q.setLong(3, millis);
            return accesses(q);
        });
    }

    /** Rows of {@link #ACCESS_COLUMNS}; no maximum means unlimited pickups. */
    private static List<Access> accesses(PreparedStatement q) throws SQLException {
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
