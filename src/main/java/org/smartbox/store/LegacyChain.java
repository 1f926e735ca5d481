package org.smartbox.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unkeyed chain of versions before the keyed one (SPEC §9 before issue 13): SHA-256 over the
 * previous hash and the entry. Read once, to say whether it still verified, and re-chained under the
 * key from the oldest entry on.
 */
final class LegacyChain {

    private static final int PAGE = 5000;

    private LegacyChain() {
    }

    /** The last entry of an unkeyed chain still waiting to be re-chained, if this database has one. */
    static Optional<Long> unkeyedUntil(Database db) throws SQLException {
        PreparedStatement q = db.prepare("SELECT value FROM meta WHERE name = ?");
        q.setString(1, AuditLog.UNKEYED_UNTIL);
        try (ResultSet rs = q.executeQuery()) {
            return rs.next() ? Optional.of(Long.parseLong(rs.getString(1))) : Optional.empty();
        }
    }

    /**
     * Re-chains every entry under the key, in the caller's transaction, and anchors the newest.
     * Returns what the old chain said first: {@code intact}, or {@code broken_at_N} (kept in the
     * audit entry that marks the start, so a log altered before the upgrade does not become clean).
     */
    static String rechain(Database db, AuditChain chain, long until) throws SQLException {
        String verdict = "intact";
        byte[] oldPrevious = AuditChain.GENESIS;
        byte[] previous = AuditChain.GENESIS;
        long expectedSeq = 0;
        long last = -1;
        // The guard is lifted only inside this transaction, and put back exactly as the schema made it.
        db.execute("DROP TRIGGER IF EXISTS audit_no_update");
        PreparedStatement update = db.prepare("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?");
        for (List<Row> page = page(db, 0); !page.isEmpty(); page = page(db, last + 1)) {
            for (Row row : page) {
                if (verdict.equals("intact") && row.seq() <= until && !oldFits(row, oldPrevious, expectedSeq)) {
                    verdict = "broken_at_" + Math.min(row.seq(), expectedSeq);
                }
                oldPrevious = row.hash();
                expectedSeq = row.seq() + 1;
                byte[] mac = chain.entryMac(previous, row.seq(), row.at(), row.type(), row.fields());
                update.setBytes(1, previous);
                update.setBytes(2, mac);
                update.setLong(3, row.seq());
                update.executeUpdate();
                previous = mac;
                last = row.seq();
            }
        }
        db.execute(Migrations.AUDIT_NO_UPDATE);
        PreparedStatement done = db.prepare("DELETE FROM meta WHERE name = ?");
        done.setString(1, AuditLog.UNKEYED_UNTIL);
        done.executeUpdate();
        if (last >= 0) {
            chain.anchor(db, last, previous);
        }
        return verdict;
    }

    private record Row(long seq, String at, String type, String fields, byte[] prevHash, byte[] hash) {
    }

    private static boolean oldFits(Row row, byte[] previous, long expectedSeq) {
        return row.seq() == expectedSeq && MessageDigest.isEqual(previous, row.prevHash())
                && MessageDigest.isEqual(hash(previous, row), row.hash());
    }

    private static List<Row> page(Database db, long from) throws SQLException {
        PreparedStatement q = db.prepare("SELECT seq, at, type, fields, prev_hash, hash FROM audit WHERE seq >= ?"
                + " ORDER BY seq LIMIT " + PAGE);
        q.setLong(1, from);
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        rs.getBytes(6)));
            }
        }
        return rows;
    }

    /** The old link: SHA-256 over the previous hash and the entry, exactly as versions before wrote it. */
    static byte[] hash(byte[] previous, Row row) {
        return hash(previous, row.seq(), row.at(), row.type(), row.fields());
    }

    static byte[] hash(byte[] previous, long seq, String at, String type, String fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            sha.update((seq + "\n" + at + "\n" + type + "\n" + fields).getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
