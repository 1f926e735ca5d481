package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sync-format.md "Going back": a box never takes a version at or below its own, except from a
 * technician's {@code smartbox import --reset FILE}, which starts the cache over from a snapshot.
 */
class ImportResetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private Result smartbox(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path snapshot(String name, long version) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(Path.of("device-config/demo-data.json").toFile());
        doc.put("version", version);
        return Files.write(dir.resolve(name), JSON.writeValueAsBytes(doc));
    }

    @Test
    void aResetTakesASnapshotOfAnyVersionAndIsAuditedAsSuch() throws Exception {
        String db = dir.resolve("box.db").toString();
        assertEquals(0, smartbox("import", snapshot("v900.json", 900).toString(), "--db", db).status());
        Result stale = smartbox("import", snapshot("v3.json", 3).toString(), "--db", db);
        assertEquals(1, stale.status());
        assertTrue(stale.err().contains("version: 3 is not newer than the cache's version 900"), stale.err());

        Result reset = smartbox("import", "--reset", dir.resolve("v3.json").toString(), "--db", db);
        assertEquals(0, reset.status(), reset.err());
        assertEquals("applied version 3 (the cache was started over)", reset.out().strip());
        Result audit = smartbox("audit", "--db", db);
        assertTrue(audit.out().contains("SYNC_APPLIED version=3 type=snapshot reset=true"), audit.out());
        // From here on the box counts from 3 again.
        assertEquals(0, smartbox("import", snapshot("v4.json", 4).toString(), "--db", db).status());
    }

    @Test
    void aResetTakesNoDeltaAndStillChecksTheDocument() throws Exception {
        String db = dir.resolve("box.db").toString();
        assertEquals(0, smartbox("import", snapshot("v7.json", 7).toString(), "--db", db).status());
        ObjectNode delta = JSON.createObjectNode().put("schema", 1).put("type", "delta").put("boxId", "SB-DEMO")
                .put("version", 2).put("baseVersion", 1);
        Path deltaFile = Files.write(dir.resolve("delta.json"), JSON.writeValueAsBytes(delta));
        Result refused = smartbox("import", "--reset", deltaFile.toString(), "--db", db);
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("a reset takes a snapshot"), refused.err());
        ObjectNode bad = (ObjectNode) JSON.readTree(snapshot("bad.json", 2).toFile());
        ((ObjectNode) bad.withArray("users").get(0)).put("mobile", "555");
        Files.write(dir.resolve("bad.json"), JSON.writeValueAsBytes(bad));
        Result invalid = smartbox("import", "--reset", dir.resolve("bad.json").toString(), "--db", db);
        assertEquals(1, invalid.status());
        assertTrue(invalid.err().contains("users[0].mobile"), invalid.err());
    }
}
