package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.sync.Ed25519Keys;
import org.smartbox.sync.Grant;
import org.smartbox.sync.GrantSigner;

/** App unlock grants delivered with the simulator's {@code grant} command, as the cloud would send them. */
class GrantIT {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    private Ed25519Keys.Base64Pair cloud;
    private Path config;
    private Path snapshot;

    @BeforeEach
    void fixture() throws IOException {
        cloud = Ed25519Keys.generate();
        config = dir.resolve("box.properties");
        Files.writeString(config, "box.id=SB-DEMO\nbox.slots=12\nsms.gateways=sim\ngrants.publicKey="
                + cloud.publicKey() + "\n");
        snapshot = SimProcess.stories(dir);
    }

    private SimProcess start() throws IOException {
        return SimProcess.start(dir, "--config", config.toString(), "--db", dir.resolve("box.db").toString(),
                "--import", snapshot.toString(), "--now", NOW.toString());
    }

    private Path grant(String name, Grant grant, String privateKey) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, GrantSigner.fromBase64(privateKey).sign(grant));
        return file;
    }

    private Path grant(String name, String user, String key, Instant from, int seconds) throws IOException {
        return grant(name, new Grant(name, "SB-DEMO", user, key, from, from.plusSeconds(seconds)), cloud.privateKey());
    }

    @Test
    void aValidGrantIsOfferedAndReleasesTheSlotOnlyWhenHashIsPressedOnIt() throws Exception {
        try (SimProcess sim = start()) {
            Path file = grant("g-1", "u-ada", "k-9f", NOW.minusSeconds(10), 120);
            List<String> offered = sim.ok("grant " + file);
            assertFalse(offered.stream().anyMatch(l -> l.startsWith("UNLOCK")), "nobody at the box yet: " + offered);
            assertTrue(offered.contains("AUDIT GRANT_OFFERED grant=g-1 user=u-ada key=k-9f slot=9"), offered::toString);
            assertTrue(offered.stream().anyMatch(l -> l.startsWith("DISPLAY App unlock") && l.contains("Unit 9F")),
                    offered::toString);
            List<String> released = sim.ok("key #");
            assertTrue(released.contains("UNLOCK 9"), released::toString);
            assertTrue(released.stream().anyMatch(l -> l.startsWith("DISPLAY Take key from slot 9")), released::toString);
            List<String> taken = sim.ok("take 9");
            assertTrue(taken.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP user=u-ada key=k-9f slot=9 factor=APP")),
                    taken::toString);
            sim.ok("put 9");
            assertEquals("ERROR grant refused: replayed", sim.error("grant " + file));
        }
    }

    @Test
    void starOrSixtySecondsCancelTheOfferAndTheGrantStaysUnused() throws Exception {
        try (SimProcess sim = start()) {
            Path file = grant("g-2", "u-ada", "k-9f", NOW.minusSeconds(10), 240);
            sim.ok("grant " + file);
            List<String> cancelled = sim.ok("key *");
            assertTrue(cancelled.contains("AUDIT GRANT_CANCELLED grant=g-2 user=u-ada key=k-9f reason=cancelled"),
                    cancelled::toString);
            sim.ok("grant " + file);
            List<String> timedOut = sim.ok("advance 60");
            assertTrue(timedOut.contains("AUDIT GRANT_CANCELLED grant=g-2 user=u-ada key=k-9f reason=timeout"),
                    timedOut::toString);
            // Still unused: the same grant is offered again, and opens once.
            sim.ok("grant " + file);
            assertTrue(sim.ok("key #").contains("UNLOCK 9"));
            assertFalse(sim.transcript().stream().filter(l -> l.equals("UNLOCK 9")).count() > 1);
        }
    }

    @Test
    void aGrantRefusedAsBoxBusyIsNotUsedUpAndCanBeSentAgain() throws Exception {
        try (SimProcess sim = start()) {
            Path file = grant("g-3", "u-ada", "k-9f", NOW.minusSeconds(10), 120);
            sim.ok("key 555");
            assertRefused(sim, file, "box_busy");
            sim.ok("key ***");
            List<String> again = sim.ok("grant " + file);
            assertTrue(again.contains("AUDIT GRANT_OFFERED grant=g-3 user=u-ada key=k-9f slot=9"), again::toString);
            assertTrue(sim.ok("key #").contains("UNLOCK 9"));
        }
    }

    @Test
    void everyRefusalIsAuditedWithItsReasonAndOpensNothing() throws Exception {
        try (SimProcess sim = start()) {
            Ed25519Keys.Base64Pair stranger = Ed25519Keys.generate();
            assertRefused(sim, grant("g-sig", new Grant("g-sig", "SB-DEMO", "u-ada", "k-9f", NOW, NOW.plusSeconds(60)),
                    stranger.privateKey()), "bad_signature");
            assertRefused(sim, grant("g-box", new Grant("g-box", "SB-OTHER", "u-ada", "k-9f", NOW, NOW.plusSeconds(60)),
                    cloud.privateKey()), "wrong_box");
            assertRefused(sim, grant("g-old", "u-ada", "k-9f", NOW.minusSeconds(300), 120), "expired");
            assertRefused(sim, grant("g-soon", "u-ada", "k-9f", NOW.plusSeconds(60), 120), "not_yet_valid");
            assertRefused(sim, grant("g-long", "u-ada", "k-9f", NOW, 600), "window_too_long");
            assertRefused(sim, grant("g-guest", "u-gus", "k-9f", NOW, 60), "not_allowed");
            assertRefused(sim, grant("g-nokey", "u-ada", "k-none", NOW, 60), "unknown_key");
            sim.ok("key 5550000005#");
            sim.ok("take 6");
            assertRefused(sim, grant("g-out", "u-nina", "k-6d", NOW, 60), "key_not_in_box");
            assertFalse(sim.transcript().stream().anyMatch(l -> l.equals("UNLOCK 9")), "no refused grant opened 9");
        }
    }

    @Test
    void aGrantWhileSomeoneIsAtTheKeypadIsRefused() throws Exception {
        try (SimProcess sim = start()) {
            sim.ok("key 5550000002#");
            assertRefused(sim, grant("g-busy", "u-ada", "k-9f", NOW, 60), "box_busy");
        }
    }

    private static void assertRefused(SimProcess sim, Path file, String reason) throws IOException {
        String name = file.getFileName().toString().replace(".json", "");
        List<String> out = sim.send("grant " + file);
        assertEquals("ERROR grant refused: " + reason, out.get(out.size() - 1), out::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("AUDIT GRANT_REJECTED") && l.contains("reason=" + reason)),
                name + ": " + out);
        assertFalse(out.stream().anyMatch(l -> l.startsWith("UNLOCK")), out::toString);
    }
}
