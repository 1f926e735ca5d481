package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.sync.Docs.element;
import static org.smartbox.sync.Docs.read;
import static org.smartbox.sync.Docs.rejectedAt;
import static org.smartbox.sync.Docs.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRulesTest {

    private final MemoryBase base = MemoryBase.empty();

    @Test
    void schemaIsRequired() {
        ObjectNode doc = snapshot();
        doc.remove("schema");
        rejectedAt(read(doc, base), "schema", "is required");
    }

    @Test
    void schemaOtherThanOneIsUnsupported() {
        ObjectNode doc = snapshot().put("schema", 2);
        rejectedAt(read(doc, base), "schema", "unsupported schema 2");
    }

    @Test
    void schemaMustBeAJsonInteger() {
        rejectedAt(read(snapshot().put("schema", "1"), base), "schema", "must be the integer 1");
        rejectedAt(read(snapshot().put("schema", 1.0), base), "schema", "must be the integer 1");
    }

    @Test
    void typeMustBeSnapshotOrDelta() {
        rejectedAt(read(snapshot().put("type", "patch"), base), "type", "must be \"snapshot\" or \"delta\"");
        rejectedAt(read(snapshot().put("type", 1), base), "type", "must be a string");
    }

    @Test
    void typeIsRequired() {
        ObjectNode doc = snapshot();
        doc.remove("type");
        rejectedAt(read(doc, base), "type", "is required");
    }

    @Test
    void grantIsNotASyncDocument() {
        rejectedAt(read(snapshot().put("type", "grant"), base), "type", "grants are not sync documents");
    }

    @Test
    void boxIdMustBeThisBox() {
        SyncRejection r = rejectedAt(read(snapshot().put("boxId", "SB-OTHER"), base), "boxId", "is not this box");
        assertEquals("boxId: \"SB-OTHER\" is not this box (\"SB-DEMO\")", r.message());
    }

    @Test
    void versionMustBeNewerThanTheCache() {
        MemoryBase atSeven = MemoryBase.empty().version(7);
        SyncRejection r = rejectedAt(read(snapshot(), atSeven), "version", "stale or out of order");
        assertEquals("version: 7 is not newer than the cache's version 7 (stale or out of order)", r.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "1.5", "\"8\"", "null", "true", "[8]"})
    void versionMustBeAnIntegerOfAtLeastOne(String version) {
        String json = Docs.EXAMPLE_SNAPSHOT.replace("\"version\": 7", "\"version\": " + version);
        rejectedAt(read(json, base), "version", "must be an integer of at least 1");
    }

    @Test
    void versionBeyondSixtyFourBitsIsRejected() {
        String json = Docs.EXAMPLE_SNAPSHOT.replace("\"version\": 7",
                "\"version\": " + BigInteger.TWO.pow(70));
        rejectedAt(read(json, base), "version", "must be an integer from 1 to");
    }

    @Test
    void versionsAreCappedAtTwoToTheFiftyThreeMinusOneSoNoDocumentCanLockTheBoxOut() {
        long max = (1L << 53) - 1;
        String atMax = Docs.EXAMPLE_SNAPSHOT.replace("\"version\": 7", "\"version\": " + max);
        assertTrue(read(atMax, base) instanceof SyncResult.Valid, "2^53-1 is the last version");
        for (String beyond : new String[] {String.valueOf(max + 1), String.valueOf(Long.MAX_VALUE)}) {
            String json = Docs.EXAMPLE_SNAPSHOT.replace("\"version\": 7", "\"version\": " + beyond);
            SyncRejection r = rejectedAt(read(json, base), "version", "must be an integer from 1 to " + max);
            assertEquals("version: must be an integer from 1 to 9007199254740991", r.message());
        }
    }

    @Test
    void headerProblemsComeBeforeRecordProblems() {
        // The box id sits before the bad mobile here, but it would win from anywhere in the document.
        ObjectNode doc = snapshot().put("boxId", "SB-OTHER");
        element(doc, "users", 0).put("mobile", "12");
        rejectedAt(read(doc, base), "boxId", "is not this box");
    }

    @Test
    void headerAtTheEndStillWinsOverRecordProblems() {
        String json = """
                {"users": [{"id": ""}], "keys": [], "accesses": [],
                 "schema": 1, "type": "snapshot", "boxId": "SB-DEMO", "version": 0}""";
        rejectedAt(read(json, base), "version", "must be an integer of at least 1");
    }

    @Test
    void headerRulesAreCheckedInTheirOwnOrder() {
        ObjectNode doc = snapshot().put("version", 0).put("boxId", "SB-OTHER");
        rejectedAt(read(doc, base), "boxId", "is not this box");
    }
}
