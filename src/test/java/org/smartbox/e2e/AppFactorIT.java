package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.Base32;

/** The owner's app as second factor, through the built jar: works offline, works once. */
class AppFactorIT {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final byte[] ADA_SECRET = Base32.decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").orElseThrow();

    @TempDir
    Path dir;

    private Path snapshot;

    @BeforeEach
    void copyFixture() throws IOException {
        snapshot = SimProcess.stories(dir);
    }

    private static String appCode(Instant at) {
        return new String(new AppCodes().code(ADA_SECRET, at.getEpochSecond() / 30), StandardCharsets.US_ASCII);
    }

    @Test
    void ownerPicksUpWithAppCodeWhileSmsIsDown() throws Exception {
        try (SimProcess sim = SimProcess.start(dir, "--db", dir.resolve("box.db").toString(), "--import",
                snapshot.toString(), "--now", NOW.toString())) {
            sim.ok("sms fail");
            List<String> offer = sim.ok("key 5550000006#");
            assertFalse(offer.stream().anyMatch(l -> l.startsWith("SMS") || l.startsWith("AUDIT CODE_SENT")),
                    "nothing is sent until asked: " + offer);
            assertTrue(offer.stream().anyMatch(l -> l.startsWith("DISPLAY Enter app code")), offer::toString);

            String code = appCode(NOW);
            List<String> accepted = sim.ok("key " + code + "#");
            assertTrue(accepted.contains("AUDIT CODE_ACCEPTED user=u-ada factor=APP"), accepted::toString);
            assertTrue(accepted.contains("UNLOCK 9"), accepted::toString);
            List<String> taken = sim.ok("take 9");
            assertTrue(taken.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP user=u-ada key=k-9f slot=9 factor=APP")),
                    taken::toString);

            sim.ok("put 9");
            sim.ok("key 5550000006#");
            List<String> replay = sim.ok("key " + code + "#");
            assertTrue(replay.stream().anyMatch(l -> l.startsWith("AUDIT CODE_REJECTED user=u-ada")
                    && l.contains("reason=app_code_reused")), "an app code works once: " + replay);
            assertFalse(replay.stream().anyMatch(l -> l.startsWith("UNLOCK")), replay::toString);
            for (String line : sim.transcript()) {
                if (line.startsWith("DISPLAY") || line.startsWith("AUDIT")) {
                    assertFalse(line.contains(code), "app code shown: " + line);
                }
            }
        }
    }

    @Test
    void hashAsksForAnSmsInstead() throws Exception {
        try (SimProcess sim = SimProcess.start(dir, "--db", dir.resolve("box.db").toString(), "--import",
                snapshot.toString(), "--now", NOW.toString())) {
            sim.ok("key 5550000006#");
            List<String> sms = sim.ok("key #");
            assertTrue(sms.stream().anyMatch(l -> l.startsWith("SMS +15550000006 ")), sms::toString);
            assertTrue(sim.ok("key " + sim.lastCodeTo("+15550000006") + "#").contains("UNLOCK 9"));
        }
    }
}
