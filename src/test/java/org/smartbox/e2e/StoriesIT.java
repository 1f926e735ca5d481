package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole stories told through the built jar's scripted protocol, as a person at the box lives them.
 * Each starts a fresh simulator on {@code e2e/stories.json} at 2026-11-28 12:00 UTC.
 */
class StoriesIT {

    private static final String GUS = "+15550000002";
    private static final String OLIVIA = "+15550000001";
    private static final String TARA = "+15550000009";

    @TempDir
    Path dir;

    private Path snapshot;

    @BeforeEach
    void copyFixture() throws IOException {
        snapshot = SimProcess.stories(dir);
    }

    private SimProcess start() throws IOException {
        return SimProcess.start(dir, "--db", dir.resolve("box.db").toString(), "--import", snapshot.toString(),
                "--now", "2026-11-28T12:00:00Z");
    }

    @Test
    void guestWith2faGetsCodeOnOwnPhoneThenTakesKey() throws Exception {
        try (SimProcess sim = start()) {
            assertEquals("READY box=SB-DEMO slots=12 version=7", sim.ready());
            List<String> identify = sim.ok("key 5550000002#");
            assertTrue(identify.contains("AUDIT CODE_SENT user=u-gus to=***0002"), identify::toString);
            assertTrue(identify.stream().anyMatch(l -> l.startsWith("SMS " + GUS + " ")), identify::toString);
            // simulator-protocol.md's order: the CODE_SENT entry, then the SMS line it is about.
            int sent = identify.indexOf("AUDIT CODE_SENT user=u-gus to=***0002");
            assertTrue(sent >= 0 && sent + 1 < identify.size() && identify.get(sent + 1).startsWith("SMS " + GUS + " "),
                    identify::toString);
            assertFalse(identify.stream().anyMatch(l -> l.startsWith("UNLOCK")), "no latch before the code");
            assertFalse(String.join("\n", identify).contains("Unit 4B"), "no key label before the code");

            String code = sim.lastCodeTo(GUS);
            List<String> verified = sim.ok("key " + code + "#");
            assertTrue(verified.contains("UNLOCK 3"), verified::toString);
            assertTrue(verified.stream().anyMatch(l -> l.startsWith("DISPLAY Take key from slot 3")), verified::toString);

            List<String> taken = sim.ok("take 3");
            assertEquals("LOCK 3", taken.get(0));
            assertTrue(taken.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP user=u-gus key=k-4b slot=3 factor=SMS")),
                    taken::toString);
            assertNoSecretsShown(sim, code, GUS);
            assertEquals(0, sim.quit());
        }
    }

    @Test
    void guestOfOwnerWithGuest2faOffPicksUpWithoutCode() throws Exception {
        try (SimProcess sim = start()) {
            List<String> identify = sim.ok("key 5550000005#");
            assertFalse(identify.stream().anyMatch(l -> l.startsWith("SMS ")), "no code when the owner asks none");
            assertTrue(identify.contains("UNLOCK 6"), identify::toString);
            List<String> taken = sim.ok("take 6");
            assertTrue(taken.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP user=u-gina key=k-6d slot=6 factor=NONE")),
                    taken::toString);
        }
    }

    @Test
    void ownerMasterCodeWorksOnlyWhileKeyPickups2faIsOff() throws Exception {
        try (SimProcess sim = start()) {
            List<String> off = sim.ok("key 481516#");
            assertTrue(off.contains("UNLOCK 3"), "with keyPickups2fa OFF the master code opens at once: " + off);
            sim.ok("advance 30");

            Path delta = dir.resolve("delta.json");
            Files.writeString(delta, "{\"schema\":1,\"type\":\"delta\",\"boxId\":\"SB-DEMO\",\"version\":8,"
                    + "\"baseVersion\":7,\"upsert\":{\"users\":[{\"id\":\"u-olivia\",\"name\":\"Olivia Owner\","
                    + "\"mobile\":\"+15550000001\",\"accountCode\":\"481516\",\"security\":{\"login2fa\":true,"
                    + "\"keyPickups2fa\":true,\"guestPickups2fa\":true}}]}}");
            assertTrue(sim.ok("apply " + delta).contains("AUDIT SYNC_APPLIED version=8 type=delta"));

            List<String> on = sim.ok("key 481516#");
            assertFalse(on.stream().anyMatch(l -> l.startsWith("UNLOCK")), "no latch without the owner's code");
            assertTrue(on.stream().anyMatch(l -> l.startsWith("SMS " + OLIVIA + " ")),
                    "the code goes to the owner's own phone, not to whoever typed the master code: " + on);
        }
    }

    @Test
    void fiveUnknownNumbersLockTheKeypadForSixtySeconds() throws Exception {
        try (SimProcess sim = start()) {
            for (int i = 0; i < 4; i++) {
                List<String> out = sim.ok("key 555123400" + i + "#");
                assertTrue(out.stream().anyMatch(l -> l.startsWith("AUDIT IDENTIFY_FAILED")), out::toString);
            }
            List<String> fifth = sim.ok("key 5551234009#");
            assertTrue(fifth.contains("AUDIT LOCKOUT seconds=60"), fifth::toString);
            assertTrue(fifth.stream().anyMatch(l -> l.startsWith("DISPLAY Keypad locked")), fifth::toString);

            List<String> ignored = sim.ok("key 5550000002#");
            assertFalse(ignored.stream().anyMatch(l -> l.startsWith("SMS") || l.startsWith("AUDIT")),
                    "keys are ignored while locked: " + ignored);
            // ... but answered (issue 19): the display says how long the lock still lasts.
            assertTrue(ignored.contains("DISPLAY Keypad locked       |Keys work again in  |1:00                "
                    + "|Please wait         "), ignored::toString);

            List<String> countdown = sim.ok("advance 60");
            assertTrue(countdown.stream().filter(l -> l.startsWith("DISPLAY Keypad locked")).count() >= 50,
                    "the display counts down");
            assertTrue(countdown.get(countdown.size() - 2).startsWith("DISPLAY   SmartBox SB-DEMO"), countdown::toString);
            assertTrue(sim.ok("key 5550000002#").stream().anyMatch(l -> l.startsWith("SMS " + GUS)));
        }
    }

    /** Issue 19: each failure says how many tries are left, at identification and on the code screen. */
    @Test
    void wrongEntriesSayHowManyTriesAreLeft() throws Exception {
        try (SimProcess sim = start()) {
            List<String> unknown = sim.ok("key 5551234000#");
            assertTrue(unknown.stream().anyMatch(l -> l.startsWith("DISPLAY ")
                    && l.contains("|Not found or no keys|4 tries left        |")), unknown::toString);
            sim.ok("key 5550000002#");
            List<String> wrong = sim.ok("key 000000#");
            assertTrue(wrong.stream().anyMatch(l -> l.startsWith("DISPLAY Code sent to ***0002")
                    && l.endsWith("|Wrong code, 2 left  ")), wrong::toString);
            // A bare key put into an empty slot is TAMPER; the screen says how a return is done.
            sim.ok("key *");
            sim.ok("take 6");
            List<String> bare = sim.ok("put 6");
            assertTrue(bare.stream().anyMatch(l -> l.startsWith("AUDIT TAMPER slot=6")), bare::toString);
            assertTrue(bare.stream().anyMatch(l -> l.startsWith("DISPLAY ")
                    && l.contains("|Slot 6: no return   |Start a return first|")), bare::toString);
        }
    }

    @Test
    void guestReturnsKeyAfterAccessExpiredWithoutCode() throws Exception {
        try (SimProcess sim = start()) {
            sim.ok("key 5550000005#");
            sim.ok("take 6");
            sim.ok("advance 172800");
            List<String> back = sim.ok("key 5550000005#");
            assertFalse(back.stream().anyMatch(l -> l.startsWith("SMS")), "returns never need a code");
            // Issue 19: the return is shown before a latch moves; # confirms it.
            assertFalse(back.stream().anyMatch(l -> l.startsWith("UNLOCK")), back::toString);
            assertTrue(back.contains("DISPLAY Return Unit 6D      |Key not in the box  |# opens slot 6      "
                    + "|*=cancel            "), back::toString);
            back = sim.ok("key #");
            assertTrue(back.contains("UNLOCK 6"), back::toString);
            List<String> put = sim.ok("put 6");
            assertEquals("LOCK 6", put.get(0));
            assertTrue(put.stream().anyMatch(l -> l.startsWith("AUDIT RETURN user=u-gina key=k-6d slot=6")), put::toString);
        }
    }

    @Test
    void keyNotTakenIsRelatchedAfterThirtySecondsAndNothingIsConsumed() throws Exception {
        try (SimProcess sim = start()) {
            sim.ok("key 5550000002#");
            sim.ok("key " + sim.lastCodeTo(GUS) + "#");
            List<String> timeout = sim.ok("advance 30");
            assertTrue(timeout.contains("LOCK 3"), timeout::toString);
            assertTrue(timeout.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP_NOT_TAKEN user=u-gus key=k-4b slot=3")),
                    timeout::toString);
            // The single pickup of a-1 was not used: Gus can still come back for it.
            sim.ok("key 5550000002#");
            assertTrue(sim.ok("key " + sim.lastCodeTo(GUS) + "#").contains("UNLOCK 3"));
        }
    }

    @Test
    void technicianLogsInWithCodeAndTestsALatch() throws Exception {
        try (SimProcess sim = start()) {
            List<String> login = sim.ok("key 909090#");
            assertTrue(login.stream().anyMatch(l -> l.startsWith("SMS " + TARA + " ")), login::toString);
            List<String> menu = sim.ok("key " + sim.lastCodeTo(TARA) + "#");
            assertTrue(menu.contains("AUDIT SERVICE_LOGIN user=u-tara factor=SMS"), menu::toString);
            sim.ok("key 1");
            // Slot 3 holds Unit 4B: a technician is not a key holder, its latch stays held.
            List<String> refused = sim.ok("key 3#");
            assertFalse(refused.contains("UNLOCK 3"), refused::toString);
            List<String> test = sim.ok("key 5#");
            assertTrue(test.contains("UNLOCK 5"), test::toString);
            List<String> done = sim.ok("advance 1");
            assertTrue(done.contains("LOCK 5"), done::toString);
            assertTrue(done.stream().anyMatch(l -> l.startsWith("AUDIT DIAG user=u-tara action=latch_test slot=5")),
                    done::toString);
        }
    }

    @Test
    void smsFailureDeniesThePickupAndNeverOpensALatch() throws Exception {
        try (SimProcess sim = start()) {
            sim.ok("sms fail");
            List<String> denied = sim.ok("key 5550000002#");
            assertTrue(denied.stream().anyMatch(l -> l.startsWith("AUDIT DENIED user=u-gus reason=sms_failed")),
                    denied::toString);
            assertFalse(denied.stream().anyMatch(l -> l.startsWith("UNLOCK") || l.startsWith("SMS")), denied::toString);
        }
    }

    @Test
    void restartOnSameDatabaseKeepsVersionAndKeyWhereabouts() throws Exception {
        Path db = dir.resolve("box.db");
        try (SimProcess sim = start()) {
            sim.ok("key 5550000005#");
            sim.ok("take 6");
            assertEquals(0, sim.quit());
        }
        try (SimProcess again = SimProcess.start(dir, "--db", db.toString(), "--now", "2026-11-28T13:00:00Z")) {
            assertEquals("READY box=SB-DEMO slots=12 version=7", again.ready());
            assertEquals("ERROR slot 6 is already empty", again.error("take 6"), "the key is still out after a restart");
            List<String> back = again.ok("key 5550000005#");
            assertTrue(back.stream().anyMatch(l -> l.startsWith("DISPLAY Return Unit 6D")),
                    "the box remembers Gina holds the key: " + back);
            assertTrue(again.ok("key #").contains("UNLOCK 6"));
        }
    }

    @Test
    void badCommandsAnswerErrorAndTheSimulatorGoesOn() throws Exception {
        try (SimProcess sim = start()) {
            assertTrue(sim.error("frobnicate").contains("unknown command"));
            List<String> garbage = sim.send("key 12x#");
            assertEquals(1, garbage.stream().filter(l -> !l.startsWith("DISPLAY   SmartBox")).count(),
                    "a bad key command presses nothing: " + garbage);
            assertTrue(garbage.get(garbage.size() - 1).startsWith("ERROR"));
            sim.error("advance -1");
            assertEquals("ERROR no slot 13 (1-12)", sim.error("take 13"));
            assertTrue(sim.error("apply " + dir.resolve("missing.json")).contains("no such file"));
            assertTrue(sim.ok("key 5550000002#").stream().anyMatch(l -> l.startsWith("SMS")), "still serving");
            assertEquals(0, sim.closeInput());
        }
    }

    private static void assertNoSecretsShown(SimProcess sim, String code, String mobile) {
        for (String line : sim.transcript()) {
            if (line.startsWith("DISPLAY") || line.startsWith("AUDIT")) {
                assertFalse(line.contains(code), "code shown: " + line);
                assertFalse(line.contains(mobile.substring(1)), "full mobile shown: " + line);
            }
        }
    }
}
