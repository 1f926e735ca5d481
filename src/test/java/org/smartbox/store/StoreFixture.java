package org.smartbox.store;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.smartbox.auth.BoxKeys;
import org.smartbox.auth.BoxSecret;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.sync.SyncAccess;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncUser;

/** A real SQLite file in a temp folder with the box's store on it, and documents to sync into it. */
final class StoreFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final byte[] SECRET = new byte[32];

    final Path file;
    final Database db;
    final BoxKeys keys;
    final BoxStore store;
    final AuditLog audit;
    final SyncApplier applier;

    StoreFixture(Path file) {
        this(file, SECRET);
    }

    StoreFixture(Path file, byte[] secret) {
        this.file = file;
        this.db = Database.open(file);
        this.keys = BoxKeys.from(BoxSecret.of(secret), new SecureRandom());
        this.store = new BoxStore(db, keys);
        this.audit = new AuditLog(db, keys.auditChain());
        this.applier = new SyncApplier(store, keys, audit);
    }

    static SyncUser user(String id, String mobile, String accountCode) {
        return new SyncUser(id, id, mobile, accountCode, false, SecuritySettings.ALL_ON, null);
    }

    static SyncAccess access(String id, String keyId, String userId, Integer maxPickups) {
        return new SyncAccess(id, keyId, userId, NOW.minusSeconds(3600), NOW.plusSeconds(86_400), maxPickups);
    }

    /** Olivia owns Unit 4B (slot 3) and Unit 5C (slot 5); Gus has one pickup of 4B. */
    static SyncDocument.Snapshot snapshot(long version) {
        return new SyncDocument.Snapshot("SB-TEST", version,
                List.of(user("u-olivia", "+15550000001", "481516"), user("u-gus", "+15550000002", null)),
                List.of(new Key("k-4b", "u-olivia", "Unit 4B", 3), new Key("k-5c", "u-olivia", "Unit 5C", 5)),
                List.of(access("a-1", "k-4b", "u-gus", 1)));
    }

    static SyncDocument.Delta delta(long version, long base, List<SyncUser> users, List<Key> keys,
                                    List<SyncAccess> accesses, List<String> deleteUsers, List<String> deleteKeys,
                                    List<String> deleteAccesses) {
        return new SyncDocument.Delta("SB-TEST", version, base, users, keys, accesses, deleteUsers, deleteKeys,
                deleteAccesses);
    }

    @Override
    public void close() {
        db.close();
    }
}
