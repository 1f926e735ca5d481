package org.smartbox.store;

import java.util.List;

/**
 * The numbered schema migrations, applied in order at start. The database's {@code user_version}
 * says which have run. A migration is never edited once released: add the next number instead.
 */
final class Migrations {

    record Migration(int version, String description, List<String> statements) {
    }

    /** The guards that make the audit table append-only; {@code AuditLog.verify} checks they are still there. */
    static final String AUDIT_NO_UPDATE = "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
            + " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END";
    static final String AUDIT_NO_DELETE = "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
            + " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END";

    static final List<Migration> ALL = List.of(
            new Migration(1, "cache, box state, audit chain and outbox", List.of(
                    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    // Synced from the cloud. Account codes only as keyed hashes; app secrets encrypted.
                    "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', mobile TEXT,"
                            + " account_code_hash BLOB UNIQUE, technician INTEGER NOT NULL DEFAULT 0,"
                            + " login2fa INTEGER NOT NULL DEFAULT 1, key_pickups2fa INTEGER NOT NULL DEFAULT 1,"
                            + " guest_pickups2fa INTEGER NOT NULL DEFAULT 1, app_secret BLOB)",
                    "CREATE INDEX users_mobile ON users(mobile)",
                    "CREATE TABLE keys (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES users(id),"
                            + " label TEXT NOT NULL, slot INTEGER NOT NULL UNIQUE)",
                    "CREATE INDEX keys_owner ON keys(owner_id)",
                    // pickups_used is the box's own count and survives upserts of the access.
                    "CREATE TABLE accesses (id TEXT PRIMARY KEY,"
                            + " key_id TEXT NOT NULL REFERENCES keys(id) ON DELETE CASCADE,"
                            + " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            + " valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL, max_pickups INTEGER,"
                            + " pickups_used INTEGER NOT NULL DEFAULT 0)",
                    "CREATE INDEX accesses_user ON accesses(user_id)",
                    "CREATE INDEX accesses_key ON accesses(key_id)",
                    // The box's own knowledge: no foreign key, it outlives snapshots that re-send the key.
                    "CREATE TABLE key_state (key_id TEXT PRIMARY KEY, out INTEGER NOT NULL, holder_id TEXT,"
                            + " changed_at INTEGER NOT NULL)",
                    "CREATE INDEX key_state_holder ON key_state(holder_id)",
                    "CREATE TABLE code_issues (user_id TEXT NOT NULL, issued_at INTEGER NOT NULL)",
                    "CREATE INDEX code_issues_user ON code_issues(user_id, issued_at)",
                    "CREATE TABLE app_steps (user_id TEXT PRIMARY KEY, last_step INTEGER NOT NULL)",
                    "CREATE TABLE grants_used (grant_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL,"
                            + " used_at INTEGER NOT NULL)",
                    "CREATE TABLE lockout (id INTEGER PRIMARY KEY CHECK (id = 1), failures INTEGER NOT NULL,"
                            + " level INTEGER NOT NULL, quiet_from INTEGER NOT NULL, locked_until INTEGER NOT NULL)",
                    "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL,"
                            + " fields TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL)",
                    AUDIT_NO_UPDATE,
                    AUDIT_NO_DELETE,
                    // Events waiting for upload; a row leaves only when the broker acknowledged it.
                    "CREATE TABLE outbox (seq INTEGER PRIMARY KEY REFERENCES audit(seq))")),
            new Migration(2, "hourly failure window of the keypad lockout", List.of(
                    "ALTER TABLE lockout ADD COLUMN window_failures INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE lockout ADD COLUMN window_start INTEGER NOT NULL DEFAULT 0")),
            new Migration(3, "keyed audit chain with an anchored head", List.of(
                    // The newest entry's seq and MAC, MACed again: cutting the tail no longer goes unseen.
                    "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,"
                            + " mac BLOB NOT NULL)",
                    // Entries up to here carry the old unkeyed SHA-256 chain; the first keyed open re-chains
                    // them once (AuditLog.startKeyedChain). Only a log older than this migration gets it.
                    "INSERT INTO meta (name, value) SELECT '" + AuditLog.UNKEYED_UNTIL + "', MAX(seq) FROM audit"
                            + " HAVING COUNT(*) > 0")),
            // Only the length, for the code-strength figure (issue 20); the code stays a keyed hash.
            new Migration(4, "account code lengths for the code-strength check", List.of(
                    "ALTER TABLE users ADD COLUMN account_code_digits INTEGER")));

    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    private Migrations() {
    }
}
