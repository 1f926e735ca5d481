package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large document put together from its parts on disk (sync-format.md "Over MQTT: documents in parts"). */
class PartAssemblyTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(600);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private PartAssembly assembly() {
        return new PartAssembly(dir.resolve("box.db.parts"), "SB-DEMO", 1 << 20, TIMEOUT, clock);
    }

    private static byte[] document(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<Payloads.Part> split(byte[] document, int chunk) {
        String sha = SyncDownlink.sha256(document);
        int count = (document.length + chunk - 1) / chunk;
        List<Payloads.Part> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = java.util.Arrays.copyOfRange(document, i * chunk, Math.min(document.length, (i + 1) * chunk));
            parts.add(new Payloads.Part("SB-DEMO", sha, i, count, data));
        }
        return parts;
    }

    private static byte[] read(PartAssembly assembly) throws IOException {
        try (InputStream in = assembly.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void partsInAnyOrderWithDuplicatesMakeTheDocumentOnceTheLastArrives() throws IOException {
        byte[] doc = document(10_000, 1);
        List<Payloads.Part> parts = split(doc, 1000);
        List<Payloads.Part> shuffled = new ArrayList<>(parts);
        Collections.shuffle(shuffled, new Random(7));
        PartAssembly assembly = assembly();
        for (int i = 0; i < shuffled.size() - 1; i++) {
            assertInstanceOf(PartAssembly.Outcome.Stored.class, assembly.add(shuffled.get(i)));
            assertInstanceOf(PartAssembly.Outcome.Duplicate.class, assembly.add(shuffled.get(i)), "seen before");
        }
        PartAssembly.Outcome last = assembly.add(shuffled.get(shuffled.size() - 1));
        assertEquals(new PartAssembly.Outcome.Complete(SyncDownlink.sha256(doc), doc.length), last);
        assertArrayEquals(doc, read(assembly));
        assembly.finish();
        try (Stream<Path> left = Files.list(dir.resolve("box.db.parts"))) {
            assertEquals(0, left.count(), "the parts are gone once the document was applied");
        }
    }

    @Test
    void partsThatDoNotAddUpToTheirShaAreRefusedAndDropped() {
        byte[] doc = document(3000, 2);
        List<Payloads.Part> parts = split(doc, 1000);
        byte[] tampered = parts.get(1).data().clone();
        tampered[0] ^= 1;
        PartAssembly assembly = assembly();
        assembly.add(parts.get(0));
        assembly.add(new Payloads.Part("SB-DEMO", parts.get(1).sha256(), 1, 3, tampered));
        PartAssembly.Outcome outcome = assembly.add(parts.get(2));
        PartAssembly.Outcome.Rejected rejected = assertInstanceOf(PartAssembly.Outcome.Rejected.class, outcome);
        assertEquals("sha256", rejected.path());
        assertEquals("", assembly.progress(), "nothing kept of it");
    }

    @Test
    void partsOfAnotherDocumentDropTheOneBeingPutTogether() throws IOException {
        List<Payloads.Part> first = split(document(3000, 3), 1000);
        byte[] second = document(2000, 4);
        PartAssembly assembly = assembly();
        assembly.add(first.get(0));
        assembly.add(first.get(1));
        for (Payloads.Part part : split(second, 1000)) {
            assembly.add(part);
        }
        assertArrayEquals(second, read(assembly));
        assembly.finish();
        // The first document's last part now starts it afresh: one of three, not complete.
        assertInstanceOf(PartAssembly.Outcome.Stored.class, assembly.add(first.get(2)));
    }

    @Test
    void partsThatStopComingAreDroppedAfterTheTimeout() {
        List<Payloads.Part> parts = split(document(3000, 5), 1000);
        PartAssembly assembly = assembly();
        assembly.add(parts.get(0));
        clock.advance(TIMEOUT.minusSeconds(1));
        assembly.dropIfExpired();
        assertTrue(assembly.progress().startsWith("1/3"), assembly.progress());
        clock.advance(Duration.ofSeconds(1));
        assembly.dropIfExpired();
        assertEquals("", assembly.progress());
        assertInstanceOf(PartAssembly.Outcome.Stored.class, assembly.add(parts.get(1)), "a fresh start");
    }

    @Test
    void aRestartPicksUpThePartsAlreadyOnDiskAndTheFolderIsTheBoxsAlone() throws IOException {
        byte[] doc = document(3000, 6);
        List<Payloads.Part> parts = split(doc, 1000);
        PartAssembly before = assembly();
        before.add(parts.get(2));
        before.add(parts.get(0));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("box.db.parts"))), "a document holds account codes and app secrets in clear");
        PartAssembly after = assembly();
        assertTrue(after.progress().startsWith("2/3"), after.progress());
        assertInstanceOf(PartAssembly.Outcome.Complete.class, after.add(parts.get(1)));
        assertArrayEquals(doc, read(after));
        // The part that completed it, delivered again before it was applied: still complete.
        assertInstanceOf(PartAssembly.Outcome.Complete.class, after.add(parts.get(1)));
    }

    @Test
    void aPartThatBreaksTheRulesIsRefusedWithItsReason() {
        List<Payloads.Part> parts = split(document(3000, 8), 1000);
        PartAssembly assembly = assembly();
        assembly.add(parts.get(0));
        Payloads.Part wrongCount = new Payloads.Part("SB-DEMO", parts.get(1).sha256(), 1, 4, parts.get(1).data());
        assertEquals("count", ((PartAssembly.Outcome.Rejected) assembly.add(wrongCount)).path());
        Payloads.Part otherBox = new Payloads.Part("SB-EVIL", parts.get(1).sha256(), 1, 3, parts.get(1).data());
        assertEquals("boxId", ((PartAssembly.Outcome.Rejected) assembly.add(otherBox)).path());
        byte[] huge = new byte[(1 << 20) + 1];
        Payloads.Part tooBig = new Payloads.Part("SB-DEMO", "b".repeat(64), 0, 2, huge);
        PartAssembly.Outcome.Rejected rejected = (PartAssembly.Outcome.Rejected) assembly.add(tooBig);
        assertTrue(rejected.message().contains("larger than a box takes"), rejected.message());
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
