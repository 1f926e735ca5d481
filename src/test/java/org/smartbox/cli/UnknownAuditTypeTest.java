package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.store.AuditFiles;

/**
 * {@code smartbox audit} on a log holding an entry of a type this version does not know (a newer
 * version's event, read after a downgrade): the entry is listed as it is, never a stack trace
 * (issue 14 item 2).
 */
class UnknownAuditTypeTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownTypeIsListedAsItIs() throws Exception {
        Path db = dir.resolve("box.db");
        Instant at = Instant.parse("2026-11-28T12:00:00Z");
        AuditFiles.append(db, AuditEvent.of(AuditType.STARTED, "version", "1"), at);
        AuditFiles.appendRaw(db, "BOGUS", "{\"from\":\"v9\"}", at.plusSeconds(1));
        AuditFiles.append(db, AuditEvent.of(AuditType.STOPPED), at.plusSeconds(2));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new String[] {"audit", "--db", db.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("1 2026-11-28T12:00:01Z BOGUS from=v9"), printed);
        assertTrue(printed.contains("2 2026-11-28T12:00:02Z STOPPED"), printed);
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"), err.toString(StandardCharsets.UTF_8));
    }
}
