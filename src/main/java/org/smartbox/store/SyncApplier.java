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
import org.smartbox.audit.BoxEvents;
import org.smartbox.auth.BoxKeys;
import org.smartbox.auth.CodeSpace;
import org.smartbox.cache.Key;
import org.smartbox.sync.SyncAccess;
import org.smartbox.sync.SyncBase;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncRejection;
import org.smartbox.sync.SyncUser;
import org.smartbox.sync.SyncWarning;

/**
 * Writes a validated sync document into the cache in one transaction, with its audit events: all of
 * it or none of it. The box's own knowledge (where keys are, pickups used) survives the cloud's
 * records being replaced. A document the store still refuses (the cache moved on since it was
 * validated, or a rule the validator missed) comes back as a {@link Written.Refused} naming the
 * record by its JSON path, never as a database message.
 */
public final class SyncApplier {

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
        return store.state().cacheVersion();
    }

    /** What the cache looks like to the validator, read fresh for each document. */
    public SyncBase base(String boxId, int slots) {
        return db.read(() -> {
            long version = store.state().cacheVersion();
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
            return store.users().userIdWithAccountCode(accountCode);
        }

        @Override
        public Set<String> usersWithMobile(String mobile) {
            return store.users().userIdsWithMobile(mobile);
        }
    }

    /** What became of a document at the store. */
    public sealed interface Written {
        /** In the cache, audited {@code SYNC_APPLIED}. */
        /** {@code warnings}: the document's own and what the cache it left says ({@code code_space}). */
        record Applied(long version, List<SyncWarning> warnings) implements Written {
            public Applied {
                warnings = List.copyOf(warnings);
            }

            public Applied(long version) {
                this(version, List.of());
            }
        }

        /** Nothing written: the caller audits the rejection as for any other. */
        record Refused(SyncRejection rejection) implements Written {
        }
    }

    /** Applies the document and audits it. */
    public Written apply(SyncDocument document, Instant now) {
        return apply(document, List.of(), now);
    }

    /** As {@link #apply(SyncDocument, Instant)}; the kinds of {@code warnings} go into the audit entry. */
    public Written apply(SyncDocument document, List<SyncWarning> warnings, Instant now) {
        return apply(document, warnings, now, false);
    }

    /**
     * As {@link #apply(SyncDocument, List, Instant)}; with {@code reset} (a snapshot applied with
     * {@code import --reset}) the cache takes the snapshot's version even when it is lower than its own.
     */
    public Written apply(SyncDocument document, List<SyncWarning> warnings, Instant now, boolean reset) {
        if (records(document) < BULK_RECORDS) {
            return refusalsAsValues(document, warnings, now, reset);
        }
        // A large site's snapshot inserts into indexes (accesses by user, by key; users by mobile) in
        // no order, and checks every access's user and key: with SQLite's default 2 MB page cache
        // most of those touch pages that were just evicted, and dirty pages spill to the WAL
        // mid-transaction. A bigger cache for this one transaction, then back.
        return db.withBulkCache(() -> refusalsAsValues(document, warnings, now, reset));
    }

    private Written refusalsAsValues(SyncDocument document, List<SyncWarning> warnings, Instant now,
                                     boolean reset) {
        try {
            return write(document, warnings, now, reset);
        } catch (SyncWrites.Refusal refusal) {
            return new Written.Refused(refusal.rejection());
        } catch (StoreException e) {
            if (e.diskFull()) {
                throw e;
            }
            // Batched writes do not say which record broke a rule: write it again one record at a
            // time, rolled back whatever happens, to name it. Only a failed document pays for this.
            return SyncWrites.whichRecord(() -> db.inTransaction(() -> {
                writeRecords(document, new SyncWrites(true), now);
                throw new SyncWrites.Rollback();
            })).<Written>map(Written.Refused::new).orElseThrow(() -> e);
        }
    }

    private static int records(SyncDocument document) {
        if (document instanceof SyncDocument.Snapshot s) {
            return s.users().size() + s.keys().size() + s.accesses().size();
        }
        SyncDocument.Delta d = (SyncDocument.Delta) document;
        return d.upsertUsers().size() + d.upsertKeys().size() + d.upsertAccesses().size() + d.deleteUsers().size()
                + d.deleteKeys().size() + d.deleteAccesses().size();
    }

    /**
     * The document's own warnings, and {@code code_space} when the cache it leaves has fewer than
     * {@link CodeSpace#BOUND} possible codes per assigned code at some length (issue 20): applied,
     * but the cloud hears that anyone guessing codes at the keypad identifies people too often.
     */
    private List<SyncWarning> withCodeSpace(List<SyncWarning> given) {
        CodeSpace space = CodeSpace.of(AccountCodeFigures.read(db), 0);
        if (!space.underBound()) {
            return given;
        }
        List<SyncWarning> all = new ArrayList<>(given);
        all.add(new SyncWarning("code_space", "users", String.format(java.util.Locale.ROOT,
                "%d account codes of %d digits leave %.0f possible codes per assigned code, under %d: a"
                        + " stranger guessing at the keypad identifies someone every %.0f guesses; use longer codes",
                space.codesByLength().get(space.crowdedLength()), space.crowdedLength(), space.spacePerCode(),
                CodeSpace.BOUND, 1 / space.identificationsPerGuess())));
        return all;
    }

    private Written.Applied write(SyncDocument document, List<SyncWarning> given, Instant now, boolean reset) {
        return db.inTransaction(() -> {
            // Checked under the write lock the transaction holds: another process (an import beside
            // the kiosk) may have moved the cache since the document was validated against it. A reset
            // takes any version: it starts the cache over.
            Optional<SyncRejection> moved = reset ? Optional.empty()
                    : SyncWrites.movedSince(document, store.state().cacheVersion());
            if (moved.isPresent()) {
                throw new SyncWrites.Refusal(moved.get());
            }
            writeRecords(document, new SyncWrites(false), now);
            store.state().setMeta("cache_version", Long.toString(document.version()));
            store.state().setMeta("last_sync", now.toString());
            List<SyncWarning> warnings = withCodeSpace(given);
            String kinds = String.join(",", warnings.stream().map(SyncWarning::kind).distinct().toList());
            audit.append(BoxEvents.syncApplied(document.version(),
                    document instanceof SyncDocument.Snapshot, kinds.isEmpty() ? null : kinds, reset), now);
            return new Written.Applied(document.version(), warnings);
        });
    }

    private void writeRecords(SyncDocument document, SyncWrites rows, Instant now) throws SQLException {
        if (document instanceof SyncDocument.Snapshot snapshot) {
            applySnapshot(snapshot, rows, now);
        } else if (document instanceof SyncDocument.Delta delta) {
            applyDelta(delta, rows, now);
        }
    }

    private void applySnapshot(SyncDocument.Snapshot snapshot, SyncWrites rows, Instant now) throws SQLException {
        Map<String, Integer> used = pickupsUsed();
        Set<String> keptKeys = new HashSet<>();
        snapshot.keys().forEach(k -> keptKeys.add(k.id()));
        if (!rows.oneByOne()) {
            auditDroppedKeysOut(keptKeys, null, now);
        }
        // Replace the cloud's records whole; the box's own tables (key_state, counts) are kept apart.
        for (String table : List.of("accesses", "keys", "users")) {
            db.prepare("DELETE FROM " + table).executeUpdate();
        }
        insertUsers(snapshot.users(), rows, "users");
        upsertKeys(snapshot.keys(), rows, "keys");
        upsertAccesses(snapshot.accesses(), used, rows, "accesses");
        db.prepare("DELETE FROM key_state WHERE key_id NOT IN (SELECT id FROM keys)").executeUpdate();
    }

    /**
     * Deletes first, as the validator judged the document: a deleted user's account code is free
     * for a user this delta upserts. A deleted user's row goes last, once keys they owned were
     * deleted or given to someone else by this delta; their code is cleared before any upsert.
     */
    private void applyDelta(SyncDocument.Delta delta, SyncWrites rows, Instant now) throws SQLException {
        deleteById("accesses", delta.deleteAccesses(), "id", rows, "delete.accesses");
        Set<String> deletedKeys = new HashSet<>(delta.deleteKeys());
        if (!rows.oneByOne()) {
            auditDroppedKeysOut(null, deletedKeys, now);
        }
        deleteById("keys", delta.deleteKeys(), "id", rows, "delete.keys");
        deleteById("key_state", delta.deleteKeys(), "key_id", rows, "delete.keys");
        // Codes may move between users within one document, also from a user deleted here: free
        // them all first, so UNIQUE holds at every step.
        clearCodes(delta.deleteUsers(), rows, "delete.users");
        clearCodes(delta.upsertUsers().stream().map(SyncUser::id).toList(), rows, "upsert.users");
        insertUsers(delta.upsertUsers(), rows, "upsert.users");
        upsertKeys(delta.upsertKeys(), rows, "upsert.keys");
        upsertAccesses(delta.upsertAccesses(), Map.of(), rows, "upsert.accesses");
        deleteById("users", delta.deleteUsers(), "id", rows, "delete.users");
    }

    private void clearCodes(List<String> userIds, SyncWrites rows, String list) throws SQLException {
        if (userIds.isEmpty()) {
            return;
        }
        PreparedStatement clear = db.prepare("UPDATE users SET account_code_hash = NULL, account_code_digits = NULL"
                + " WHERE id = ?");
        for (int i = 0; i < userIds.size(); i++) {
            clear.setString(1, userIds.get(i));
            rows.add(clear, SyncWrites.Row.OTHER, list, i);
        }
        rows.flush(clear);
    }

    private void insertUsers(List<SyncUser> users, SyncWrites rows, String list) throws SQLException {
        if (users.isEmpty()) {
            return;
        }
        PreparedStatement upsert = db.prepare("INSERT INTO users (id, name, mobile, account_code_hash, technician,"
                + " login2fa, key_pickups2fa, guest_pickups2fa, app_secret, account_code_digits)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(id) DO UPDATE SET name = excluded.name, mobile = excluded.mobile,"
                + " account_code_hash = excluded.account_code_hash, technician = excluded.technician,"
                + " login2fa = excluded.login2fa, key_pickups2fa = excluded.key_pickups2fa,"
                + " guest_pickups2fa = excluded.guest_pickups2fa, app_secret = excluded.app_secret,"
                + " account_code_digits = excluded.account_code_digits");
        for (int i = 0; i < users.size(); i++) {
            SyncUser user = users.get(i);
            upsert.setString(1, user.id());
            upsert.setString(2, user.name() == null ? "" : user.name());
            upsert.setString(3, user.mobile());
            upsert.setBytes(4, user.accountCode() == null ? null : keys.accountCodes().hash(user.accountCode()));
            upsert.setInt(5, user.technician() ? 1 : 0);
            upsert.setInt(6, user.security().login2fa() ? 1 : 0);
            upsert.setInt(7, user.security().keyPickups2fa() ? 1 : 0);
            upsert.setInt(8, user.security().guestPickups2fa() ? 1 : 0);
            upsert.setBytes(9, user.appSecret() == null ? null : keys.appSecrets().encrypt(user.id(), user.appSecret()));
            if (user.accountCode() == null) {
                upsert.setNull(10, java.sql.Types.INTEGER);
            } else {
                upsert.setInt(10, user.accountCode().length());
            }
            rows.add(upsert, SyncWrites.Row.USER, list, i);
        }
        rows.flush(upsert);
    }

    private void upsertKeys(List<Key> keyList, SyncWrites rows, String list) throws SQLException {
        if (keyList.isEmpty()) {
            return;
        }
        // Keys may swap slots within one document: park the moving ones on negative slots first.
        PreparedStatement park = db.prepare("UPDATE keys SET slot = -slot WHERE id = ?");
        for (int i = 0; i < keyList.size(); i++) {
            park.setString(1, keyList.get(i).id());
            rows.add(park, SyncWrites.Row.OTHER, list, i);
        }
        rows.flush(park);
        PreparedStatement upsert = db.prepare("INSERT INTO keys (id, owner_id, label, slot) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT(id) DO UPDATE SET owner_id = excluded.owner_id, label = excluded.label,"
                + " slot = excluded.slot");
        for (int i = 0; i < keyList.size(); i++) {
            Key key = keyList.get(i);
            upsert.setString(1, key.id());
            upsert.setString(2, key.ownerId());
            upsert.setString(3, key.label());
            upsert.setInt(4, key.slot());
            rows.add(upsert, SyncWrites.Row.KEY, list, i);
        }
        rows.flush(upsert);
    }

    private void upsertAccesses(List<SyncAccess> accessList, Map<String, Integer> usedBefore, SyncWrites rows,
                                String list) throws SQLException {
        PreparedStatement upsert = db.prepare("INSERT INTO accesses (id, key_id, user_id, valid_from, valid_until,"
                + " max_pickups, pickups_used) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                + " key_id = excluded.key_id, user_id = excluded.user_id, valid_from = excluded.valid_from,"
                + " valid_until = excluded.valid_until, max_pickups = excluded.max_pickups");
        for (int i = 0; i < accessList.size(); i++) {
            SyncAccess access = accessList.get(i);
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
            rows.add(upsert, SyncWrites.Row.ACCESS, list, i);
        }
        rows.flush(upsert);
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
            audit.append(BoxEvents.keyDropped(key[0], key[1]), now);
        }
    }

    private void deleteById(String table, List<String> ids, String column, SyncWrites rows, String list)
            throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        PreparedStatement delete = db.prepare("DELETE FROM " + table + " WHERE " + column + " = ?");
        SyncWrites.Row row = table.equals("users") ? SyncWrites.Row.USER_DELETE : SyncWrites.Row.OTHER;
        for (int i = 0; i < ids.size(); i++) {
            delete.setString(1, ids.get(i));
            rows.add(delete, row, list, i);
        }
        rows.flush(delete);
    }

}
