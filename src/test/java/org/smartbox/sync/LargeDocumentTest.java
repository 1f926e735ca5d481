package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LargeDocumentTest {

    @Test
    void largestExpectedSnapshotIsReadWhole() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48 << 20);
        LargeDocument.write(out);
        byte[] json = out.toByteArray();
        assertTrue(json.length > 30 << 20, "size " + json.length);
        MemoryBase base = new MemoryBase("SB-BIG", LargeDocument.KEYS, 0);

        long start = System.nanoTime();
        SyncResult result = new SyncReader(SyncReader.DEFAULT_MAX_BYTES).read(new ByteArrayInputStream(json), base);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        SyncDocument.Snapshot s = Docs.validSnapshot(result);
        assertEquals(LargeDocument.USERS, s.users().size());
        assertEquals(LargeDocument.KEYS, s.keys().size());
        assertEquals(LargeDocument.ACCESSES, s.accesses().size());
        // Accesses share the id strings of the users and keys they name.
        assertSame(s.users().get(7).id(), s.accesses().get(7).userId());
        assertSame(s.keys().get(7).id(), s.accesses().get(7).keyId());
        // Generous: a laptop takes about a second; this only catches an accidental quadratic step.
        assertTrue(took.toSeconds() < 30, "took " + took);
    }
}
