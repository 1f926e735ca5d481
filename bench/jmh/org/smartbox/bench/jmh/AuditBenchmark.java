package org.smartbox.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.store.AuditLog;
import org.smartbox.store.Database;

/**
 * One audit entry with its chain, in its own transaction ({@code synchronous=FULL}: one durable
 * commit each), against a plain insert of the same row into a table with neither chain nor outbox.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditBenchmark {

    private static final String FIELDS = "{\"user\":\"u-01234\",\"key\":\"k-042\",\"slot\":\"43\",\"factor\":\"SMS\","
            + "\"access\":\"a-012345\"}";

    private Database db;
    private AuditLog audit;
    private AuditEvent event;
    private final Instant at = Instant.parse("2026-11-28T12:00:00Z");

    @Setup
    public void open() throws Exception {
        Path dir = Files.createTempDirectory("smartbox-jmh-audit");
        db = Database.open(dir.resolve("audit.db"));
        db.execute("CREATE TABLE plain_audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL,"
                + " fields TEXT NOT NULL)");
        audit = new AuditLog(db, chainKey());
        event = AuditEvent.of(AuditType.PICKUP, "user", "u-01234", "key", "k-042", "slot", 43, "factor", "SMS",
                "access", "a-012345");
    }

    @Benchmark
    public Object chainedAppend() {
        return audit.append(event, at);
    }

    @Benchmark
    public int plainInsert() {
        return db.inTransaction(() -> {
            PreparedStatement insert = db.prepare("INSERT INTO plain_audit (at, type, fields) VALUES (?, ?, ?)");
            insert.setString(1, at.toString());
            insert.setString(2, "PICKUP");
            insert.setString(3, FIELDS);
            return insert.executeUpdate();
        });
    }

    @TearDown
    public void close() {
        db.close();
    }

    /** The keyed chain (HMAC-SHA-256) under a key of its own: the box derives it from its secret. */
    private static org.smartbox.auth.KeyedHash chainKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return new org.smartbox.auth.KeyedHash(key);
    }
}
