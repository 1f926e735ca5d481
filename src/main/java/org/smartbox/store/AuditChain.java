package org.smartbox.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.smartbox.auth.KeyedHash;

/**
 * The keyed chain of the audit log (SPEC §9). Each entry's MAC is HMAC-SHA-256, under a key derived
 * from the box secret, over the previous entry's MAC and this entry's content: whoever holds the
 * database but not the secret cannot rewrite, reorder or insert entries and compute MACs that fit.
 * The newest entry is anchored in {@code audit_head}: its sequence number and MAC, MACed again, so
 * cutting entries off the end (which leaves a shorter chain that is still sound) is seen too. The
 * key never leaves this object and is never logged.
 */
final class AuditChain {

    /** The "previous MAC" of entry 0. */
    static final byte[] GENESIS = new byte[32];

    private final KeyedHash key;

    AuditChain(KeyedHash key) {
        this.key = key;
    }

    /** The MAC of one entry, linked to the one before. */
    byte[] entryMac(byte[] previous, long seq, String at, String type, String fields) {
        byte[] content = (seq + "\n" + at + "\n" + type + "\n" + fields).getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[previous.length + content.length];
        System.arraycopy(previous, 0, message, 0, previous.length);
        System.arraycopy(content, 0, message, previous.length, content.length);
        return key.hash(message);
    }

    /** The anchor of the newest entry: a MAC over its number and its MAC, under a label of its own. */
    byte[] headMac(long seq, byte[] entryMac) {
        return key.hash("audit-head\n" + seq + "\n" + HexFormat.of().formatHex(entryMac));
    }

    /** Moves the anchor to the entry just written, in the caller's transaction. */
    void anchor(Database db, long seq, byte[] entryMac) throws SQLException {
        PreparedStatement upsert = db.prepare("INSERT INTO audit_head (id, seq, mac) VALUES (1, ?, ?)"
                + " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac");
        upsert.setLong(1, seq);
        upsert.setBytes(2, headMac(seq, entryMac));
        upsert.executeUpdate();
    }

    /** The result of walking the whole chain: {@code firstBrokenSeq} is -1 when no one entry is to blame. */
    record Result(boolean intact, long entries, long firstBrokenSeq, String problem) {
    }

    /**
     * Walks every entry from the start and then checks the head and the guards. Reports the first
     * entry that does not fit; else a cut tail; else a missing guard.
     */
    Result verify(Database db) {
        return db.read(() -> {
            if (LegacyChain.unkeyedUntil(db).isPresent()) {
                return new Result(false, 0, 0, "the log still has the unkeyed chain of an older version;"
                        + " it is re-chained when the box starts");
            }
            Optional<Head> head = head(db);
            byte[] previous = GENESIS;
            byte[] headEntryMac = null;
            long expectedSeq = 0;
            long from = 0;
            while (true) {
                PreparedStatement query = db.prepare("SELECT seq, at, type, fields, prev_hash, hash FROM audit"
                        + " WHERE seq >= ? ORDER BY seq LIMIT 5000");
                query.setLong(1, from);
                int rows = 0;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        long seq = rs.getLong(1);
                        if (seq != expectedSeq) {
                            return new Result(false, expectedSeq, expectedSeq, "entry " + expectedSeq
                                    + " is missing");
                        }
                        if (!MessageDigest.isEqual(previous, rs.getBytes(5))) {
                            return new Result(false, seq, seq, "does not link to the entry before it");
                        }
                        byte[] expected = entryMac(previous, seq, rs.getString(2), rs.getString(3), rs.getString(4));
                        if (!MessageDigest.isEqual(expected, rs.getBytes(6))) {
                            return new Result(false, seq, seq, "its MAC does not match its content (changed,"
                                    + " or written without the box secret)");
                        }
                        if (head.isPresent() && head.get().seq() == seq) {
                            headEntryMac = expected;
                        }
                        previous = expected;
                        expectedSeq++;
                        from = seq + 1;
                    }
                }
                if (rows == 0) {
                    break;
                }
            }
            long entries = expectedSeq;
            Result anchored = checkHead(head, headEntryMac, entries);
            return anchored != null ? anchored : guards(db, entries);
        });
    }

    private Result checkHead(Optional<Head> head, byte[] headEntryMac, long entries) {
        long last = entries - 1;
        if (head.isEmpty()) {
            return entries == 0 ? null : new Result(false, entries, -1, "the anchored head is missing: entries may"
                    + " have been cut off the end");
        }
        long headSeq = head.get().seq();
        if (headSeq > last) {
            return new Result(false, entries, entries, "the tail was cut: the anchored head names entry " + headSeq
                    + ", the log ends " + (entries == 0 ? "empty" : "at entry " + last));
        }
        if (!MessageDigest.isEqual(headMac(headSeq, headEntryMac), head.get().mac())) {
            return new Result(false, entries, -1, "the anchored head does not match entry " + headSeq
                    + " (replaced or forged)");
        }
        if (headSeq < last) {
            return new Result(false, headSeq + 1, headSeq + 1, "entries after " + headSeq
                    + " are not anchored (added without the box secret)");
        }
        return null;
    }

    /** The append-only triggers must be there, as the schema made them. */
    private static Result guards(Database db, long entries) throws SQLException {
        Map<String, String> triggers = new HashMap<>();
        try (ResultSet rs = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                + " AND tbl_name = 'audit'").executeQuery()) {
            while (rs.next()) {
                triggers.put(rs.getString(1), rs.getString(2));
            }
        }
        for (String guard : new String[] {Migrations.AUDIT_NO_UPDATE, Migrations.AUDIT_NO_DELETE}) {
            String name = guard.split(" ")[2];
            if (!guard.equals(triggers.get(name))) {
                return new Result(false, entries, -1, "the append-only guard " + name + " was dropped or changed");
            }
        }
        return new Result(true, entries, -1, "");
    }

    private record Head(long seq, byte[] mac) {
    }

    private static Optional<Head> head(Database db) throws SQLException {
        try (ResultSet rs = db.prepare("SELECT seq, mac FROM audit_head WHERE id = 1").executeQuery()) {
            return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
        }
    }
}
