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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.cli.Main;
import org.smartbox.diag.CheckResult;
import org.smartbox.diag.DataChecks;

/**
 * Issue 13 item 4: an attacker with the database file but not the box secret (raw SQL on a real
 * SQLite file). With the plain SHA-256 chain, a recomputed chain (after an edit, or after a delete
 * and renumbering), a cut tail and dropped guards all left {@code audit --verify} and {@code diag}
 * saying "intact" (a plain edit or a gap it did find); with the keyed, anchored chain both name the
 * first bad entry, the cut tail or the missing guard.
 */
class AuditAttackTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final int ENTRIES = 10;

    @TempDir
    Path dir;
    private Path db;

    @BeforeEach
    void boxWroteTenEntries() {
        db = dir.resolve("box.db");
        for (int i = 0; i < ENTRIES; i++) {
            AuditFiles.append(db, AuditEvent.of(AuditType.PICKUP, "user", "u-" + i, "slot", i + 1), T0.plusSeconds(i));
        }
    }

    @Test
    void anIntactLogVerifies() throws Exception {
        assertEquals("audit chain intact: 10 entries, keyed and anchored", verify(0));
        assertEquals(CheckResult.Status.OK, diag().status());
    }

    @Test
    void anEditedEntryIsNamed() throws Exception {
        sql("DROP TRIGGER audit_no_update", "UPDATE audit SET fields = replace(fields, 'u-4', 'u-9') WHERE seq = 4");
        assertTrue(verify(1).startsWith("audit chain broken at entry 4: its MAC does not match"), verify(1));
        assertTrue(diag().value().startsWith("broken at entry 4"), diag().value());
    }

    @Test
    void aRecomputedUnkeyedChainIsNamedAtTheFirstChange() throws Exception {
        sql("DROP TRIGGER audit_no_update", "UPDATE audit SET fields = replace(fields, 'u-4', 'u-9') WHERE seq = 4");
        recomputeSha256From(4);
        assertTrue(verify(1).startsWith("audit chain broken at entry 4: "), verify(1));
        assertTrue(diag().value().startsWith("broken at entry 4"), diag().value());
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        sql("DROP TRIGGER audit_no_delete", "DELETE FROM outbox WHERE seq = 6", "DELETE FROM audit WHERE seq = 6");
        assertTrue(verify(1).startsWith("audit chain broken at entry 6: entry 6 is missing"), verify(1));
        assertTrue(diag().value().startsWith("broken at entry 6"), diag().value());
    }

    @Test
    void aDeletedEntryWithTheRestRenumberedAndRechainedIsNamed() throws Exception {
        sql("DROP TRIGGER audit_no_delete", "DROP TRIGGER audit_no_update", "DELETE FROM outbox WHERE seq >= 6",
                "DELETE FROM audit WHERE seq = 6", "UPDATE audit SET seq = seq - 1 WHERE seq > 6");
        recomputeSha256From(6);
        assertTrue(verify(1).startsWith("audit chain broken at entry 6: "), verify(1));
        assertTrue(diag().value().startsWith("broken at entry 6"), diag().value());
    }

    @Test
    void aCutTailIsSaid() throws Exception {
        sql("DROP TRIGGER audit_no_delete", "DELETE FROM outbox WHERE seq >= 7", "DELETE FROM audit WHERE seq >= 7",
                // The guard put back as it was, so only the head can tell.
                "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                        + " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
        String said = verify(1);
        assertTrue(said.startsWith("audit chain broken at entry 7: the tail was cut: the anchored head names entry 9,"
                + " the log ends at entry 6"), said);
        assertTrue(diag().value().contains("the tail was cut"), diag().value());
    }

    @Test
    void aCutTailWithTheHeadRemovedIsSaid() throws Exception {
        sql("DROP TRIGGER audit_no_delete", "DELETE FROM outbox WHERE seq >= 7", "DELETE FROM audit WHERE seq >= 7",
                "DELETE FROM audit_head");
        assertTrue(verify(1).contains("the anchored head is missing"), verify(1));
    }

    @Test
    void droppedGuardsAreSaid() throws Exception {
        sql("DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete");
        assertTrue(verify(1).startsWith("audit chain broken: the append-only guard audit_no_update was dropped"),
                verify(1));
        assertEquals(CheckResult.Status.FAIL, diag().status());
    }

    @Test
    void aVerifyWithoutTheSecretSaysSoAndNoSecretIsMade() throws Exception {
        java.nio.file.Files.delete(AuditFiles.secretBeside(db));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new String[] {"audit", "--verify", "--db", db.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the box secret is missing"), err.toString());
        assertTrue(java.nio.file.Files.notExists(AuditFiles.secretBeside(db)));
    }

    /** {@code smartbox audit --verify} on the file; its one line, after checking the exit status. */
    private String verify(int expectedStatus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new String[] {"audit", "--verify", "--db", db.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(expectedStatus, status, said + err.toString(StandardCharsets.UTF_8));
        return said;
    }

    private CheckResult diag() {
        return DataChecks.database(db, AuditFiles.secretBeside(db), Database.SCHEMA_VERSION, T0).stream()
                .filter(r -> r.name().equals("audit chain")).findFirst().orElseThrow();
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    /** What an attacker can do without the key: the old SHA-256 chain, recomputed from {@code seq} on. */
    private void recomputeSha256From(long from) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            List<Object[]> rows = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq, at, type, fields, hash FROM audit ORDER BY seq")) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBytes(5)});
                }
            }
            // Linked to the stored hash of the entry before, as the old verify checks.
            byte[] previous = from == 0 ? AuditChain.GENESIS : (byte[]) rows.get((int) from - 1)[4];
            try (PreparedStatement update = c.prepareStatement("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                for (Object[] row : rows.subList((int) from, rows.size())) {
                    byte[] hash = LegacyChain.hash(previous, (long) row[0], (String) row[1], (String) row[2],
                            (String) row[3]);
                    update.setBytes(1, previous);
                    update.setBytes(2, hash);
                    update.setLong(3, (long) row[0]);
                    update.executeUpdate();
                    previous = hash;
                }
            }
        }
    }
}
