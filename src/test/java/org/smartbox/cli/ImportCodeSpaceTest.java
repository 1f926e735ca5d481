package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: {@code smartbox import} applies a document that crowds the code space, and says so on stderr. */
class ImportCodeSpaceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void crowdedFourDigitCodesApplyWithAWarningOnStderrAndInTheAudit() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(Path.of("device-config/demo-data.json").toFile());
        doc.put("version", 8);
        ArrayNode users = doc.withArray("users");
        for (int i = 0; i < 11; i++) {
            users.addObject().put("id", "u-short" + i).put("name", "S" + i)
                    .put("mobile", String.format("+1555002%04d", i)).put("accountCode", String.format("%04d", 2000 + i));
        }
        Path file = Files.write(dir.resolve("crowded.json"), JSON.writeValueAsBytes(doc));
        String db = dir.resolve("box.db").toString();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new String[] {"import", file.toString(), "--db", db},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, stderr);
        assertTrue(stderr.contains("smartbox: warning: users: 11 account codes of 4 digits leave 909 possible codes"
                + " per assigned code, under 1000"), stderr);
        assertFalse(stderr.contains("2000"), "no code in the warning: " + stderr);
        ByteArrayOutputStream audit = new ByteArrayOutputStream();
        Main.execute(new String[] {"audit", "--db", db}, new PrintStream(audit, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(audit.toString(StandardCharsets.UTF_8).contains("SYNC_APPLIED version=8 type=snapshot"
                + " warning=code_space"), audit.toString(StandardCharsets.UTF_8));
    }
}
