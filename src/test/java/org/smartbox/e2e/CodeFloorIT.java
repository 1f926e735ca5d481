package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's two settings through the simulator protocol and the built jar:
 * {@code identify.minAccountCodeDigits} refuses a document with a shorter code at its path, and
 * {@code identify.codeOnlyNeedsDigits} makes a short code ask for the factor even where the owner
 * turned My Key Pickups 2FA off.
 */
class CodeFloorIT {

    private static final String NOW = "2026-11-28T12:00:00Z";

    @TempDir
    Path dir;

    /** The simulator's own config with {@code lines} added. */
    private Path config(String... lines) throws IOException {
        String text = Files.readString(SimProcess.projectDir().resolve("device-config/simulator.properties"));
        Path file = dir.resolve("floor.properties");
        Files.writeString(file, text + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private SimProcess simulate(Path config, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "--db",
                dir.resolve("box.db").toString(), "--now", NOW));
        args.addAll(List.of(extra));
        return SimProcess.start(dir, args.toArray(String[]::new));
    }

    @Test
    void aCodeUnderTheMinimumRejectsTheDocumentAtItsPath() throws Exception {
        Path snapshot = dir.resolve("eight.json");
        Files.writeString(snapshot, """
                {"schema": 1, "type": "snapshot", "boxId": "SB-DEMO", "version": 7,
                 "users": [{"id": "u-ola", "name": "Ola", "mobile": "+15550000001", "accountCode": "48151623",
                            "security": {"keyPickups2fa": false}}],
                 "keys": [{"id": "k-1a", "ownerId": "u-ola", "label": "Unit 1A", "slot": 1}],
                 "accesses": []}""");
        Path delta = dir.resolve("short.json");
        Files.writeString(delta, """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                 "upsert": {"users": [{"id": "u-sam", "name": "Sam", "mobile": "+15550000009",
                                       "accountCode": "135790"}]}}""");
        try (SimProcess sim = simulate(config("identify.minAccountCodeDigits=8"), "--import", snapshot.toString())) {
            String error = sim.error("apply " + delta);
            assertTrue(error.startsWith("ERROR upsert.users[0].accountCode: has 6 digits; this box takes account"
                    + " codes of at least 8"), error);
            assertFalse(error.contains("135790"), error);
            assertTrue(sim.transcript().contains("AUDIT SYNC_REJECTED path=upsert.users[0].accountCode"),
                    sim.transcript()::toString);
            List<String> ola = sim.ok("key 48151623#");
            assertTrue(ola.contains("UNLOCK 1"), "the 8-digit code still opens alone: " + ola);
        }
    }

    @Test
    void aShortCodeAsksForTheFactorWhateverTheOwnerSaysAndTheMobileDoesNot() throws Exception {
        try (SimProcess sim = simulate(config("identify.codeOnlyNeedsDigits=8"))) {
            // Olivia (My Key Pickups 2FA OFF) by her 6-digit account code: the SMS code is asked.
            List<String> byCode = sim.ok("key 481516#");
            assertFalse(byCode.stream().anyMatch(l -> l.startsWith("UNLOCK")), byCode::toString);
            assertTrue(byCode.contains("AUDIT CODE_SENT user=u-olivia to=***0001"), byCode::toString);
            List<String> entered = sim.ok("key " + sim.lastCodeTo("+15550000001") + "#");
            assertTrue(entered.contains("AUDIT CODE_ACCEPTED user=u-olivia factor=SMS reason=short_code"),
                    entered::toString);
            sim.ok("key *");
            sim.ok("advance 61");
            // By her mobile number the setting does not apply: her own choice (2FA off) stands.
            List<String> byMobile = sim.ok("key 5550000001#");
            assertFalse(byMobile.stream().anyMatch(l -> l.startsWith("AUDIT CODE_SENT")), byMobile::toString);
        }
    }
}
