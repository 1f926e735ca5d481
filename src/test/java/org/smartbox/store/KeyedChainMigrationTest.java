package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.cli.Main;

/**
 * A database written by a version with the unkeyed SHA-256 chain (schema 2) is re-chained under the
 * key once, from its oldest entry, and {@code AUDIT_CHAIN_KEYED} marks where the keyed chain starts.
 */
class KeyedChainMigrationTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aMigratedLogVerifiesAndSaysOnceWhereTheKeyedChainStarts() throws Exception {
        Path db = legacyDatabase(5, -1);
        assertEquals("audit chain intact: 6 entries, keyed and anchored", verify(db));
        assertEquals("audit chain intact: 6 entries, keyed and anchored", verify(db), "re-chained once only");
        AuditFiles.append(db, AuditEvent.of(AuditType.STARTED), T0.plusSeconds(60));
        try (Database opened = Database.open(db)) {
            List<AuditRecord> all = new AuditLog(opened).list(0, 100);
            assertEquals(List.of("PICKUP", "PICKUP", "PICKUP", "PICKUP", "PICKUP", "AUDIT_CHAIN_KEYED", "STARTED"),
                    all.stream().map(AuditRecord::type).toList());
            assertEquals("rechained=5 legacy=intact", all.get(5).event().line().substring("AUDIT_CHAIN_KEYED ".length()));
            assertTrue(AuditFiles.keyed(opened).verify().intact());
        }
    }

    @Test
    void theBoxsFirstAppendMigratesToo() throws Exception {
        Path db = legacyDatabase(3, -1);
        AuditFiles.append(db, AuditEvent.of(AuditType.STARTED), T0.plusSeconds(60));
        try (Database opened = Database.open(db)) {
            assertEquals(List.of("PICKUP", "PICKUP", "PICKUP", "AUDIT_CHAIN_KEYED", "STARTED"),
                    new AuditLog(opened).list(0, 100).stream().map(AuditRecord::type).toList());
        }
        assertEquals("audit chain intact: 5 entries, keyed and anchored", verify(db));
    }

    @Test
    void aLegacyChainBrokenBeforeTheUpgradeIsRecordedAsSuch() throws Exception {
        Path db = legacyDatabase(5, 2);
        verify(db);
        try (Database opened = Database.open(db)) {
            AuditRecord start = new AuditLog(opened).list(5, 1).get(0);
            assertEquals("broken_at_2", start.event().field("legacy"));
        }
    }

    /** Schema 2 as the version before wrote it, {@code entries} pickups chained by SHA-256; {@code edited} changed after. */
    private Path legacyDatabase(int entries, int edited) throws Exception {
        Path db = dir.resolve("box.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (Migrations.Migration m : Migrations.ALL.subList(0, 2)) {
                for (String sql : m.statements()) {
                    st.execute(sql);
                }
            }
            st.execute("PRAGMA user_version = 2");
            byte[] previous = AuditChain.GENESIS;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO audit (seq, at, type, fields, prev_hash, hash) VALUES (?, ?, 'PICKUP', ?, ?, ?)")) {
                for (int i = 0; i < entries; i++) {
                    String at = T0.plusSeconds(i).toString();
                    String fields = "{\"user\":\"u-" + i + "\"}";
                    byte[] hash = LegacyChain.hash(previous, i, at, "PICKUP", fields);
                    insert.setLong(1, i);
                    insert.setString(2, at);
                    insert.setString(3, i == edited ? "{\"user\":\"u-x\"}" : fields);
                    insert.setBytes(4, previous);
                    insert.setBytes(5, hash);
                    insert.executeUpdate();
                    previous = hash;
                }
            }
        }
        // The box secret it was made with, beside it, and the database's check value of it.
        try (Database opened = Database.open(db)) {
            new BoxStore(opened, org.smartbox.auth.BoxKeys.from(org.smartbox.auth.BoxSecret.loadOrCreate(
                    AuditFiles.secretBeside(db), new java.security.SecureRandom()), new java.security.SecureRandom()));
        }
        return db;
    }

    private static String verify(Path db) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.execute(new String[] {"audit", "--verify", "--db", db.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8).strip();
        return status == 0 ? said : "exit " + status + ": " + said;
    }
}
