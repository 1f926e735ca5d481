package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two users with one mobile: the document applies, and the clash is reported with its path. */
class SharedMobileWarningsTest {

    /** The example snapshot's cache, where Olivia and Gus have mobiles. */
    private static final MemoryBase BASE = MemoryBase.afterExampleSnapshot().mobile("u-olivia", "+15550000001")
            .mobile("u-gus", "+15550000002");

    private static List<SyncWarning> warnings(SyncResult result) {
        return assertInstanceOf(SyncResult.Valid.class, result, () -> "valid: " + result).warnings();
    }

    @Test
    void aSnapshotGivingTwoUsersOneMobileAppliesWithAWarningAtTheSecond() {
        ObjectNode doc = Docs.snapshot();
        Docs.element(doc, "users", 1).put("mobile", "+15550000001");
        List<SyncWarning> warnings = warnings(Docs.read(doc, MemoryBase.empty()));
        assertEquals(1, warnings.size(), warnings::toString);
        SyncWarning w = warnings.get(0);
        assertEquals("shared_mobile", w.kind());
        assertEquals("users[1].mobile", w.path());
        assertTrue(w.problem().contains("\"u-olivia\"") && w.problem().contains("account code"), w.problem());
        assertFalse(w.message().contains("+15550000001"), "never the full number: " + w.message());
        assertTrue(w.message().contains("0001"), w.message());
    }

    @Test
    void aDeltaGivingAUserTheMobileOfAUserTheCacheKeepsWarns() {
        ObjectNode doc = Docs.delta();
        Docs.list(doc, "delete/users").removeAll();
        Docs.list(doc, "delete/accesses").removeAll();
        Docs.list(doc, "upsert/users").add(Docs.newUser("u-new").put("mobile", "+15550000002"));
        List<SyncWarning> warnings = warnings(Docs.read(doc, BASE));
        assertEquals(List.of("upsert.users[0].mobile"), warnings.stream().map(SyncWarning::path).toList());
        assertTrue(warnings.get(0).problem().contains("\"u-gus\"") && warnings.get(0).problem().contains("has none"),
                warnings.get(0).problem());
    }

    @Test
    void aMobileMovingFromADeletedOrUpsertedUserIsNoClash() {
        ObjectNode doc = Docs.delta();
        Docs.list(doc, "delete/accesses").removeAll();
        // Gus is deleted and his number goes to u-new; Olivia hands hers to Tara and takes another.
        Docs.list(doc, "upsert/users").add(Docs.newUser("u-new").put("mobile", "+15550000002"));
        Docs.list(doc, "upsert/users").add(Docs.newUser("u-tara").put("mobile", "+15550000001"));
        Docs.list(doc, "upsert/users").add(Docs.newUser("u-olivia").put("mobile", "+15550000009"));
        assertEquals(List.of(), warnings(Docs.read(doc, BASE)));
    }
}
