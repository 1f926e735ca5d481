package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.sync.Docs.assertNotEchoed;
import static org.smartbox.sync.Docs.element;
import static org.smartbox.sync.Docs.read;
import static org.smartbox.sync.Docs.rejectedAt;
import static org.smartbox.sync.Docs.snapshot;
import static org.smartbox.sync.Docs.validSnapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedInputTest {

    private final MemoryBase base = MemoryBase.empty();

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\t "})
    void emptyInputIsRejectedCleanly(String json) {
        SyncRejection r = rejectedAt(read(json, base), "", "not valid JSON: the document is empty");
        assertEquals("not valid JSON: the document is empty", r.message());
    }

    @Test
    void truncatedJsonNamesWhereInputEnded() {
        String json = "{\n  \"schema\": 1,\n  \"users\": [{\"id\"";
        SyncRejection r = rejectedAt(read(json, base), "", "not valid JSON: unexpected end of input");
        assertEquals("not valid JSON: unexpected end of input at line 3, column 18", r.message());
    }

    @Test
    void truncatedExampleAtEveryByteIsRejectedCleanly() {
        byte[] full = Docs.EXAMPLE_SNAPSHOT.strip().getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < full.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(full, n);
            SyncRejection r = Docs.rejection(read(cut, base));
            assertTrue(r.problem().startsWith("not valid JSON") || r.problem().equals("must be a JSON object"),
                    r::message);
        }
    }

    @Test
    void binaryGarbageIsRejectedCleanly() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            SyncRejection r = Docs.rejection(read(garbage, base));
            assertEquals("", r.path(), r::message);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{schema: 1}", "{\"schema\": 1,}", "{'schema': 1}", "{\"schema\" 1}"})
    void nonJsonIsRejectedWithLineAndColumn(String json) {
        SyncRejection r = rejectedAt(read(json, base), "", "not valid JSON");
        assertTrue(r.problem().contains(" at line 1, column "), r::message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "42", "\"snapshot\"", "null", "true"})
    void topLevelMustBeAnObject(String json) {
        rejectedAt(read(json, base), "", "must be a JSON object");
    }

    @Test
    void duplicateFieldIsRejectedWithItsPath() {
        String json = Docs.EXAMPLE_SNAPSHOT.replace("\"name\": \"Gus Guest\",", "\"name\": \"Gus Guest\", \"name\": \"G\",");
        rejectedAt(read(json, base), "users[1].name", "duplicate field at line ");
    }

    @Test
    void duplicateFieldInADeltaIsRejectedWithItsFullPath() {
        String json = """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                 "upsert": {"users": [{"id": "u-1"}, {"id": "u-2", "mobile": "+15550000003", "mobile": "+15550000004"}]}}""";
        rejectedAt(read(json, MemoryBase.afterExampleSnapshot()), "upsert.users[1].mobile", "duplicate field");
    }

    @Test
    void duplicateTopLevelFieldIsRejectedWithItsPath() {
        String json = Docs.EXAMPLE_SNAPSHOT.replace("\"version\": 7,", "\"version\": 7, \"version\": 9,");
        rejectedAt(read(json, base), "version", "duplicate field");
    }

    @Test
    void duplicateFieldInsideAnUnknownFieldIsRejectedToo() {
        String json = Docs.EXAMPLE_SNAPSHOT.replace("\"version\": 7,", "\"extra\": {\"a\": 1, \"a\": 2}, \"version\": 7,");
        rejectedAt(read(json, base), "extra.a", "duplicate field");
    }

    @Test
    void documentLargerThanTheLimitIsRejected() {
        SyncReader small = new SyncReader(100);
        SyncResult r = small.read(new ByteArrayInputStream(Docs.EXAMPLE_SNAPSHOT.getBytes(StandardCharsets.UTF_8)), base);
        rejectedAt(r, "", "the document is larger than 100 bytes");
    }

    @Test
    void limitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SyncReader(0));
    }

    @Test
    void documentOfExactlyTheLimitIsRead() {
        byte[] json = Docs.EXAMPLE_SNAPSHOT.getBytes(StandardCharsets.UTF_8);
        SyncResult r = new SyncReader(json.length).read(new ByteArrayInputStream(json), base);
        validSnapshot(r);
    }

    @Test
    void twoMegabyteStringInAKnownFieldIsRejectedWithItsPath() {
        ObjectNode doc = snapshot();
        element(doc, "users", 0).put("name", "x".repeat(2 * 1024 * 1024));
        rejectedAt(read(doc, base), "users[0].name", "is longer than 65536 characters");
    }

    @Test
    void twoMegabyteStringInAnUnknownFieldIsSkipped() {
        ObjectNode doc = snapshot();
        element(doc, "users", 0).put("biography", "x".repeat(2 * 1024 * 1024));
        validSnapshot(read(doc, base));
    }

    @Test
    void twoMegabyteStringAsADeletedIdIsRejectedWithItsPath() {
        String json = """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                 "delete": {"users": ["u-1", "%s"]}}""".formatted("x".repeat(2 * 1024 * 1024));
        rejectedAt(read(json, MemoryBase.afterExampleSnapshot()), "delete.users[1]", "is longer than");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 100_000})
    void deepNestingIsRejectedCleanly(int depth) {
        String json = "{\"extra\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
        SyncRejection r = rejectedAt(read(json, base), "", "not valid JSON: nested more than 64 levels deep");
        assertTrue(r.message().length() < 200, r::message);
    }

    @Test
    void nestingWithinTheLimitInAnUnknownFieldIsIgnored() {
        ObjectNode doc = snapshot();
        doc.set("extra", Docs.parse("{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}"));
        validSnapshot(read(doc, base));
    }

    @Test
    void overlongNumberIsRejectedCleanly() {
        String json = Docs.EXAMPLE_SNAPSHOT.replace("\"version\": 7", "\"version\": " + "9".repeat(5000));
        rejectedAt(read(json, base), "", "not valid JSON: a number is too long");
    }

    @Test
    void contentAfterTheDocumentIsRejected() {
        rejectedAt(read(Docs.EXAMPLE_SNAPSHOT + " {}", base), "", "more content after the document");
        rejectedAt(read(Docs.EXAMPLE_SNAPSHOT + " x", base), "", "not valid JSON");
    }

    @Test
    void utf16DocumentIsRejected() {
        byte[] utf16 = Docs.EXAMPLE_SNAPSHOT.getBytes(StandardCharsets.UTF_16);
        rejectedAt(read(utf16, base), "", "must be UTF-8");
        byte[] utf16le = Docs.EXAMPLE_SNAPSHOT.getBytes(StandardCharsets.UTF_16LE);
        rejectedAt(read(utf16le, base), "", "must be UTF-8");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] json = Docs.EXAMPLE_SNAPSHOT.replace("Gus Guest", "Gus @@@").getBytes(StandardCharsets.UTF_8);
        String text = new String(json, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("@@@");
        json[at] = (byte) 0xc3;
        json[at + 1] = (byte) 0x28;
        rejectedAt(read(json, base), "", "not valid JSON: invalid UTF-8 at line");
    }

    @Test
    void utf8ByteOrderMarkIsTolerated() {
        byte[] body = Docs.EXAMPLE_SNAPSHOT.getBytes(StandardCharsets.UTF_8);
        byte[] json = new byte[body.length + 3];
        json[0] = (byte) 0xef;
        json[1] = (byte) 0xbb;
        json[2] = (byte) 0xbf;
        System.arraycopy(body, 0, json, 3, body.length);
        validSnapshot(read(json, base));
    }

    @Test
    void unquotedSecretIsNotEchoedInTheJsonError() {
        String json = Docs.EXAMPLE_SNAPSHOT.replace("\"accountCode\": \"481516\"", "\"appTotpSecret\": " + Docs.SECRET);
        SyncRejection r = rejectedAt(read(json, base), "", "not valid JSON");
        assertNotEchoed(r, Docs.SECRET.substring(0, 6));
        String code = Docs.EXAMPLE_SNAPSHOT.replace("\"accountCode\": \"481516\"", "\"accountCode\": 481516x");
        assertNotEchoed(rejectedAt(read(code, base), "", "not valid JSON"), "481516");
    }

    @Test
    void failingStreamIsARejectionNotAnException() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        rejectedAt(Docs.READER.read(broken, base), "", "could not read the document");
    }

    @Test
    void readerLeavesTheStreamOpenForItsOwner() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(Docs.EXAMPLE_SNAPSHOT.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        validSnapshot(Docs.READER.read(in, base));
        assertFalse(closed[0]);
    }
}
