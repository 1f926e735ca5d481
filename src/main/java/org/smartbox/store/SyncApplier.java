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
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.BoxKeys;
import org.smartbox.cache.Key;
import org.smartbox.sync.SyncAccess;
import org.smartbox.sync.SyncBase;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncUser;

/**
 * Writes a validated sync document into the cache in one transaction, with its audit events: all of
 * it or none of it. The box's own knowledge (where keys are, pickups used) survives the cloud's
 * records being replaced.
 */
public final class SyncApplier {

    private static final int BATCH = 1000;
    /** Documents with more records than this are written with {@link Database#withBulkCache}. */
    static final int BULK_RECORDS = 20_000;

    private final Database db;
    private final BoxKeys keys;
    private final AuditLog audit;
    private final BoxStore store;

    public SyncApplier(BoxStore store, BoxKeys keys, AuditLog audit) {
        this.db = store.database();
        this.store = store;
        this.keys = keys;
        this.audit = audit;
    }

    public long currentVersion() {
        return store.cacheVersion();
    }

    /** What the cache looks like to the validator, read fresh for each document. */
    public SyncBase base(String boxId, int slots) {
        return db.read(() -> {
            long version = store.cacheVersion();
            Set<String> users = new HashSet<>();
            try (ResultSet rs = db.prepare("SELECT id FROM users").executeQuery()) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                }
            }
            Map<String, SyncBase.KeyRef> keyRefs = new HashMap<>();
            try (ResultSet rs = db.prepare("SELECT id, owner_id, slot FROM keys").executeQuery()) {
                while (rs.next()) {
                    keyRefs.put(rs.getString(1), new SyncBase.KeyRef(rs.getString(2), rs.getInt(3)));
                }
            }
            Map<String, SyncBase.AccessRef> accessRefs = new HashMap<>();
            try (ResultSet rs = db.prepare("SELECT id, key_id, user_id FROM accesses").executeQuery()) {
                while (rs.next()) {
                    accessRefs.put(rs.getString(1), new SyncBase.AccessRef(rs.getString(2), rs.getString(3)));
                }
            }
            return new StoredBase(boxId, slots, version, Set.copyOf(users), Map.copyOf(keyRefs),
                    Map.copyOf(accessRefs), store);
        });
    }

    private record StoredBase(String boxId, int slots, long version, Set<String> userIds,
                              Map<String, SyncBase.KeyRef> keys, Map<String, SyncBase.AccessRef> accesses,
                              BoxStore store) implements SyncBase {
        @Override
        public Optional<String> userWithAccountCode(String accountCode) {
            return store.userIdWithAccountCode(accountCode);
        }
    }

    /** Applies the document and audits it; returns the new cache version. */
    public long apply(SyncDocument document, Instant now) {
        return apply(document, now, false);
    }

    /**
     * As {@link #apply(SyncDocument, Instant)}; with {@code reset} (a snapshot applied with
     * {@code import --reset}) the cache takes the snapshot's version even when it is lower than its own.
     */
    public long apply(SyncDocument document, Instant now, boolean reset) {
        if (records(document) < BULK_RECORDS) {
            return write(document, now, reset);
        }
        // A large site's snapshot inserts into indexes (accesses by user, by key; users by mobile) in
        // no order, and checks every access's user and key: with SQLite's default 2 MB page cache
        // most of those touch pages that were just evicted, and dirty pages spill to the WAL
        // mid-transaction. A bigger cache for this one transaction, then back.
        return db.withBulkCache(() -> write(document, now, reset));
    }

    private static int records(SyncDocument document) {
        if (document instanceof SyncDocument.Snapshot s) {
            return s.users().size() + s.keys().size() + s.accesses().size();
        }
        SyncDocument.Delta d = (SyncDocument.Delta) document;
        return d.upsertUsers().size() + d.upsertKeys().size() + d.upsertAccesses().size() + d.deleteUsers().size()
                + d.deleteKeys().size() + d.deleteAccesses().size();
    }

    private long write(SyncDocument document, Instant now, boolean reset) {
        return db.inTransaction(() -> {
            if (document instanceof SyncDocument.Snapshot snapshot) {
                applySnapshot(snapshot, now);
            } else if (document instanceof SyncDocument.Delta delta) {
                applyDelta(delta, now);
            }
            store.setMeta("cache_version", Long.toString(document.version()));
            store.setMeta("last_sync", now.toString());
            audit.append(AuditEvent.of(AuditType.SYNC_APPLIED, "version", document.version(), "type",
                    document instanceof SyncDocument.Snapshot ? "snapshot" : "delta", "reset", reset ? "true" : null),
                    now);
            return document.version();
        });
    }

    private void applySnapshot(SyncDocument.Snapshot snapshot, Instant now) throws SQLException {
        Map<String, Integer> used = pickupsUsed();
        Set<String> keptKeys = new HashSet<>();
        snapshot.keys().forEach(k -> keptKeys.add(k.id()));
        auditDroppedKeysOut(keptKeys, null, now);
        // Replace the cloud's records whole; the box's own tables (key_state, counts) are kept apart.
        for (String table : List.of("accesses", "keys", "users")) {
            db.prepare("DELETE FROM " + table).executeUpdate();
        }
        insertUsers(snapshot.users(), false);
        upsertKeys(snapshot.keys());
        upsertAccesses(snapshot.accesses(), used);
        db.prepare("DELETE FROM key_state WHERE key_id NOT IN (SELECT id FROM keys)").executeUpdate();
    }

    private void applyDelta(SyncDocument.Delta delta, Instant now) throws SQLException {
        deleteById("accesses", delta.deleteAccesses());
        Set<String> deletedKeys = new HashSet<>(delta.deleteKeys());
        auditDroppedKeysOut(null, deletedKeys, now);
        deleteById("keys", delta.deleteKeys());
        deleteById("key_state", delta.deleteKeys(), "key_id");
        insertUsers(delta.upsertUsers(), true);
        upsertKeys(delta.upsertKeys());
        upsertAccesses(delta.upsertAccesses(), Map.of());
        // Last: the validator made sure no remaining key is owned by a user deleted here.
        deleteById("users", delta.deleteUsers());
    }

    /** @param clearCodes the table may hold these users already (a delta), with codes that move between them */
    private void insertUsers(List<SyncUser> users, boolean clearCodes) throws SQLException {
        if (users.isEmpty()) {
            return;
        }
        if (clearCodes) {
            // Codes may move between users within one document: clear them first so UNIQUE holds at each step.
            PreparedStatement clear = db.prepare("UPDATE users SET account_code_hash = NULL WHERE id = ?");
            for (SyncUser user : users) {
                clear.setString(1, user.id());
                clear.addBatch();
            }
            clear.executeBatch();
        }
        PreparedStatement upsert = db.prepare("INSERT INTO users (id, name, mobile, account_code_hash, technician,"
                + " login2fa, key_pickups2fa, guest_pickups2fa, app_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(id) DO UPDATE SET name = excluded.name, mobile = excluded.mobile,"
                + " account_code_hash = excluded.account_code_hash, technician = excluded.technician,"
                + " login2fa = excluded.login2fa, key_pickups2fa = excluded.key_pickups2fa,"
                + " guest_pickups2fa = excluded.guest_pickups2fa, app_secret = excluded.app_secret");
        int pending = 0;
        for (SyncUser user : users) {
            upsert.setString(1, user.id());
            upsert.setString(2, user.name() == null ? "" : user.name());
            upsert.setString(3, user.mobile());
            upsert.setBytes(4, user.accountCode() == null ? null : keys.accountCodes().hash(user.accountCode()));
            upsert.setInt(5, user.technician() ? 1 : 0);
            upsert.setInt(6, user.security().login2fa() ? 1 : 0);
            upsert.setInt(7, user.security().keyPickups2fa() ? 1 : 0);
            upsert.setInt(8, user.security().guestPickups2fa() ? 1 : 0);
            upsert.setBytes(9, user.appSecret() == null ? null : keys.appSecrets().encrypt(user.id(), user.appSecret()));
            upsert.addBatch();
            if (++pending % BATCH == 0) {
                upsert.executeBatch();
            }
        }
        upsert.executeBatch();
    }

    private void upsertKeys(List<Key> list) throws SQLException {
        if (list.isEmpty()) {
            return;
        }
        // Keys may swap slots within one document: park the moving ones on negative slots first.
        PreparedStatement park = db.prepare("UPDATE keys SET slot = -slot WHERE id = ?");
        for (Key key : list) {
            park.setString(1, key.id());
            park.addBatch();
        }
        park.executeBatch();
        PreparedStatement upsert = db.prepare("INSERT INTO keys (id, owner_id, label, slot) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT(id) DO UPDATE SET owner_id = excluded.owner_id, label = excluded.label,"
                + " slot = excluded.slot");
        for (Key key : list) {
            upsert.setString(1, key.id());
            upsert.setString(2, key.ownerId());
            upsert.setString(3, key.label());
            upsert.setInt(4, key.slot());
            upsert.addBatch();
        }
        upsert.executeBatch();
    }

    private void upsertAccesses(List<SyncAccess> list, Map<String, Integer> usedBefore) throws SQLException {
        PreparedStatement upsert = db.prepare("INSERT INTO accesses (id, key_id, user_id, valid_from, valid_until,"
                + " max_pickups, pickups_used) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                + " key_id = excluded.key_id, user_id = excluded.user_id, valid_from = excluded.valid_from,"
                + " valid_until = excluded.valid_until, max_pickups = excluded.max_pickups");
        int pending = 0;
        for (SyncAccess access : list) {
            upsert.setString(1, access.id());
            upsert.setString(2, access.keyId());
            upsert.setString(3, access.userId());
            upsert.setLong(4, access.validFrom().toEpochMilli());
            upsert.setLong(5, access.validUntil().toEpochMilli());
            if (access.maxPickups() == null) {
                upsert.setNull(6, java.sql.Types.INTEGER);
            } else {
                upsert.setInt(6, access.maxPickups());
            }
            upsert.setInt(7, usedBefore.getOrDefault(access.id(), 0));
            upsert.addBatch();
            if (++pending % BATCH == 0) {
                upsert.executeBatch();
            }
        }
        upsert.executeBatch();
    }

    private Map<String, Integer> pickupsUsed() throws SQLException {
        Map<String, Integer> used = new HashMap<>();
        try (ResultSet rs = db.prepare("SELECT id, pickups_used FROM accesses WHERE pickups_used > 0").executeQuery()) {
            while (rs.next()) {
                used.put(rs.getString(1), rs.getInt(2));
            }
        }
        return used;
    }

    /** A key that is out and that the cloud drops is audited: someone still holds it. */
    private void auditDroppedKeysOut(Set<String> kept, Set<String> deleted, Instant now) throws SQLException {
        List<String[]> dropped = new ArrayList<>();
        try (ResultSet rs = db.prepare("SELECT key_id, holder_id FROM key_state WHERE out = 1").executeQuery()) {
            while (rs.next()) {
                String keyId = rs.getString(1);
                boolean gone = kept != null ? !kept.contains(keyId) : deleted.contains(keyId);
                if (gone) {
                    dropped.add(new String[] {keyId, rs.getString(2)});
                }
            }
        }
        for (String[] key : dropped) {
            audit.append(AuditEvent.of(AuditType.KEY_DROPPED, "key", key[0], "holder", key[1]), now);
        }
    }

    private void deleteById(String table, List<String> ids) throws SQLException {
        deleteById(table, ids, "id");
    }

    private void deleteById(String table, List<String> ids, String column) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        PreparedStatement delete = db.prepare("DELETE FROM " + table + " WHERE " + column + " = ?");
        for (String id : ids) {
            delete.setString(1, id);
            delete.addBatch();
        }
        delete.executeBatch();
    }

}
