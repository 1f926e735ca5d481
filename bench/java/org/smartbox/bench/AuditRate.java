package org.smartbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.store.AuditLog;
import org.smartbox.store.Database;

/**
 * Audit append rate: {@link AuditLog#append} (chain tail read, SHA-256, entry and outbox row) each in
 * its own transaction, as the kiosk writes, against plain inserts of the same rows (time, type,
 * fields) into a table without chain or outbox, one transaction each. Same file, same connection,
 * same settings (WAL, {@code synchronous=FULL}). Blocks of each alternate A/B, B/A.
 */
public final class AuditRate {

    /** Seconds per row, one value per block. */
    public record Result(Stats chained, Stats plain, int rowsPerBlock) {
        public double ratio() {
            return chained.median() / plain.median();
        }
    }

    private AuditRate() {
    }

    /** @param warmup untimed appends and inserts first: code compiled, statements prepared, the WAL grown */
    public static Result measure(Path file, int rowsPerBlock, int blocks, int warmup) throws Exception {
        try (Database db = Database.open(file)) {
            db.execute("CREATE TABLE IF NOT EXISTS plain_audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL,"
                    + " type TEXT NOT NULL, fields TEXT NOT NULL)");
            AuditLog audit = new AuditLog(db, chainKey());
            ObjectMapper json = new ObjectMapper();
            int rows = rowsPerBlock * blocks + warmup;
            AuditEvent[] events = new AuditEvent[rows];
            String[] fields = new String[rows];
            for (int i = 0; i < rows; i++) {
                events[i] = AuditEvent.of(AuditType.PICKUP, "user", String.format("u-%05d", i % 50_000),
                        "key", String.format("k-%03d", i % 500), "slot", 1 + i % 500, "factor", "SMS",
                        "access", String.format("a-%06d", i));
                fields[i] = json.writeValueAsString(events[i].fields());
            }
            Instant at = Dataset.NOW;
            double[] chained = new double[blocks];
            double[] plain = new double[blocks];
            int next = 0;
            chain(audit, events, next, warmup, at);
            insert(db, events, fields, next, warmup, at);
            next += warmup;
            for (int b = 0; b < blocks; b++) {
                if (b % 2 == 0) {
                    chained[b] = chain(audit, events, next, rowsPerBlock, at) / rowsPerBlock;
                    plain[b] = insert(db, events, fields, next, rowsPerBlock, at) / rowsPerBlock;
                } else {
                    plain[b] = insert(db, events, fields, next, rowsPerBlock, at) / rowsPerBlock;
                    chained[b] = chain(audit, events, next, rowsPerBlock, at) / rowsPerBlock;
                }
                next += rowsPerBlock;
            }
            return new Result(Stats.of(chained), Stats.of(plain), rowsPerBlock);
        }
    }

    private static double chain(AuditLog audit, AuditEvent[] events, int from, int count, Instant at) {
        long start = System.nanoTime();
        for (int i = from; i < from + count; i++) {
            audit.append(events[i], at);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double insert(Database db, AuditEvent[] events, String[] fields, int from, int count, Instant at) {
        String when = at.toString();
        long start = System.nanoTime();
        for (int i = from; i < from + count; i++) {
            int row = i;
            db.inTransaction(() -> {
                PreparedStatement insert = db.prepare("INSERT INTO plain_audit (at, type, fields) VALUES (?, ?, ?)");
                insert.setString(1, when);
                insert.setString(2, events[row].type().name());
                insert.setString(3, fields[row]);
                insert.executeUpdate();
                return null;
            });
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The keyed chain (HMAC-SHA-256) under a key of its own: the box derives it from its secret. */
    private static org.smartbox.auth.KeyedHash chainKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return new org.smartbox.auth.KeyedHash(key);
    }
}
