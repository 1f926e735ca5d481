package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of issue 14, through the built jar as an operator, a technician and a person at the
 * keypad meet them: documents that are valid only as a whole, a config and a cache out of step, two
 * kiosks on one database, a lost box secret, input to refuse, text the display cannot show, shared
 * mobile numbers, and messages that must not go missing. The demo data is the jar's own.
 */
class EdgesIT {

    private static final String NOW = "2026-11-28T12:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("box.db");
    }

    /** The simulator on the demo data (12 slots), or on {@code --import FILE} when given. */
    private SimProcess simulate(String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--db", db().toString(), "--now", NOW));
        args.addAll(List.of(extra));
        return SimProcess.start(dir, args.toArray(String[]::new));
    }

    private Path file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** The simulator's config with {@code line} in place of the line for the same key. */
    private Path simulatorConfig(String name, String line) throws IOException {
        String key = line.substring(0, line.indexOf('='));
        String text = Files.readString(SimProcess.projectDir().resolve("device-config/simulator.properties"));
        return file(name, text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$",
                java.util.regex.Matcher.quoteReplacement(line)));
    }

    private static JsonNode check(JarRun.Result diag, String name) throws IOException {
        for (JsonNode check : JSON.readTree(diag.out()).get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + diag.out());
    }

    /** A config the simulator refuses: exit 2, one line, nothing opened. */
    private JarRun.Result refusedConfig(Path config) throws Exception {
        JarRun.Result r = JarRun.run(dir, "quit\n", "simulate", "--script", "--config", config.toString(), "--db",
                db().toString());
        assertEquals(2, r.status(), r.out());
        oneLine(r);
        assertFalse(Files.exists(db()), "nothing opened for a bad config");
        return r;
    }

    private static void oneLine(JarRun.Result r) {
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r.noStackTrace();
    }

    // ---- 14.1: a document is judged as the cache after it ----

    @Test
    void aDeltaMayGiveTheAccountCodeOfAUserItDeletesToAnother() throws Exception {
        Path delta = file("d8.json", """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                 "upsert": {"users": [{"id": "u-gina", "name": "Gina Guest", "mobile": "+15550000005",
                                       "accountCode": "112233"}]},
                 "delete": {"users": ["u-noel"]}}""");
        try (SimProcess sim = simulate()) {
            List<String> applied = sim.ok("apply " + delta);
            assertTrue(applied.contains("AUDIT SYNC_APPLIED version=8 type=delta"), applied::toString);
            // Noel's code now says Gina; her garage key needs a code sent to her own phone.
            List<String> gina = sim.ok("key 112233#");
            assertTrue(gina.contains("AUDIT CODE_SENT user=u-gina to=***0005"), gina::toString);
        }
    }

    // ---- 14.3: box.slots lower than the slots the cache uses ----

    @Test
    void aCacheWithKeysBeyondBoxSlotsIsRefusedAtStartFailedByDiagAndKeptBySync() throws Exception {
        try (SimProcess sim = simulate()) {
            assertEquals(0, sim.quit());
        }
        Path eight = simulatorConfig("eight.properties", "box.slots=8");
        JarRun.Result start = JarRun.run(dir, "quit\n", "simulate", "--script", "--config", eight.toString(),
                "--db", db().toString());
        assertEquals(2, start.status(), start.err());
        assertFalse(start.out().contains("READY") || start.out().contains("DISPLAY"), "never serves: " + start.out());
        oneLine(start);
        assertTrue(start.err().contains("box.slots is 8") && start.err().contains("12 (key k-12)"), start.err());

        JarRun.Result diag = JarRun.run(dir, "", "diag", "--json", "--config", eight.toString(), "--db",
                db().toString());
        assertEquals(1, diag.status(), diag.out());
        JsonNode slots = check(diag, "slots");
        assertEquals("fail", slots.get("status").asText());
        assertTrue(slots.get("hint").asText().contains("set box.slots to 12 or more"), slots.toString());

        Path delta = file("d8.json", """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7}""");
        JarRun.Result sync = JarRun.run(dir, "", "import", "--config", eight.toString(), "--db", db().toString(),
                delta.toString());
        assertEquals(1, sync.status());
        assertTrue(sync.err().contains("key \"k-12\" of the cache is in slot 12") && sync.err().contains("box.slots"),
                sync.err());

        // smartbox run says so before any pin is touched: a config error.
        JarRun.Result run = JarRun.run(dir, "", "run", "--config",
                SimProcess.projectDir().resolve("device-config/bench.properties").toString(), "--db", db().toString());
        assertEquals(2, run.status(), run.err());
        oneLine(run);
        assertTrue(run.err().contains("box.slots: 8, but the cache has keys in slots 9"), run.err());
    }

    // ---- 14.4: one kiosk per database ----

    @Test
    void aSecondKioskOnOneDatabaseIsRefusedNamingTheFirstWhileToolsRunBeside() throws Exception {
        Path small = file("small.json", """
                {"schema": 1, "type": "snapshot", "boxId": "SB-DEMO", "version": 7,
                 "users": [{"id": "u-nina", "name": "Nina", "mobile": "+15550000004",
                            "security": {"login2fa": false, "keyPickups2fa": false, "guestPickups2fa": false}}],
                 "keys": [{"id": "k-6d", "ownerId": "u-nina", "label": "Unit 6D", "slot": 6}],
                 "accesses": []}""");
        try (SimProcess first = simulate("--import", small.toString())) {
            JarRun.Result second = JarRun.run(dir, "quit\n", "simulate", "--script", "--db", db().toString());
            assertEquals(2, second.status(), second.out() + second.err());
            assertEquals("", second.out());
            oneLine(second);
            assertTrue(second.err().contains("is in use: smartbox simulate (pid "), second.err());

            JarRun.Result run = JarRun.run(dir, "", "run", "--config",
                    SimProcess.projectDir().resolve("device-config/bench.properties").toString(), "--db",
                    db().toString());
            assertEquals(1, run.status(), run.err());
            assertTrue(run.err().contains("is in use: smartbox simulate (pid "), run.err());

            // import, audit and diag still run beside the kiosk, and the kiosk sees the import.
            Path delta = file("d8.json", """
                    {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                     "upsert": {"keys": [{"id": "k-6d", "ownerId": "u-nina", "label": "Unit 6E", "slot": 6}]}}""");
            JarRun.Result imported = JarRun.run(dir, "", "import", "--db", db().toString(), delta.toString());
            assertEquals("applied version 8", imported.out().strip(), imported.err());
            assertEquals(0, JarRun.run(dir, "", "audit", "--verify", "--db", db().toString()).status());
            JarRun.Result diag = JarRun.run(dir, "", "diag", "--json", "--db", db().toString());
            assertEquals("ok", check(diag, "database").get("status").asText(), diag.out());
            List<String> pickup = first.ok("key 5550000004#");
            assertTrue(pickup.stream().anyMatch(l -> l.startsWith("DISPLAY Take key from slot 6|Unit 6E")),
                    pickup::toString);
        }
    }

    // ---- 14.5: the missing-secret trap ----

    @Test
    void aLostBoxSecretIsNeverReplacedAndDiagSaysToRestoreIt() throws Exception {
        try (SimProcess sim = simulate()) {
            assertEquals(0, sim.quit());
        }
        Path secret = dir.resolve("box.secret");
        String original = Files.readString(secret);
        Files.delete(secret);

        JarRun.Result start = JarRun.run(dir, "quit\n", "simulate", "--script", "--db", db().toString());
        assertEquals(2, start.status(), start.err());
        oneLine(start);
        assertTrue(start.err().contains("the box secret is missing") && start.err().contains("restore"), start.err());
        assertFalse(Files.exists(secret), "a refused start writes no new secret");

        JarRun.Result missing = JarRun.run(dir, "", "diag", "--json", "--db", db().toString());
        assertEquals(1, missing.status());
        JsonNode check = check(missing, "box secret");
        assertEquals("fail", check.get("status").asText(), check.toString());
        assertTrue(check.get("hint").asText().startsWith("restore " + secret), check.toString());

        // Another box's secret in its place: as bad, and diag says so.
        Files.writeString(secret, "ab".repeat(32) + "\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        JarRun.Result wrong = JarRun.run(dir, "", "diag", "--json", "--db", db().toString());
        assertEquals("fail", check(wrong, "box secret").get("status").asText());
        assertTrue(check(wrong, "box secret").get("value").asText().contains("does not match"), wrong.out());

        Files.writeString(secret, original);
        JarRun.Result restored = JarRun.run(dir, "", "diag", "--json", "--db", db().toString());
        assertEquals("ok", check(restored, "box secret").get("status").asText(), restored.out());
        try (SimProcess sim = simulate()) {
            assertEquals("READY box=SB-DEMO slots=12 version=7", sim.ready());
        }
    }

    @Test
    void aStartThatFailsLeavesNoNewFileBehind() throws Exception {
        Path bad = file("bad.json", "{\"schema\": 1, \"type\": \"snapshot\"");
        JarRun.Result r = JarRun.run(dir, "quit\n", "simulate", "--script", "--db", db().toString(), "--import",
                bad.toString());
        assertEquals(2, r.status(), r.err());
        // The service lock's file stays, as it must; no database, no secret, no disk reserve.
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of("bad.json", "box.db.lock"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    // ---- 14.6: input that should be refused ----

    @Test
    void aStartInstantNoClockCanHoldIsOneLineAndExitTwo() throws Exception {
        JarRun.Result now = JarRun.run(dir, "quit\n", "simulate", "--script", "--db", db().toString(), "--now",
                "+999999999-12-31T23:59:59Z");
        assertEquals(2, now.status(), now.out());
        oneLine(now);
        assertTrue(now.err().contains("--now") && now.err().contains("is not between"), now.err());
    }

    @Test
    void aConfigKeySetTwiceIsOneLineAndExitTwo() throws Exception {
        JarRun.Result duplicate = refusedConfig(file("twice.properties",
                "box.id=SB-DEMO\nbox.slots=12\nsms.gateways=sim\nbox.slots=8\n"));
        assertTrue(duplicate.err().contains("twice.properties: box.slots: set more than once"), duplicate.err());
    }

    @Test
    void numbersInDigitsOfOtherScriptsAreRefusedInConfigAndCommands() throws Exception {
        JarRun.Result digits = refusedConfig(simulatorConfig("arabic.properties", "box.slots=\u0661\u0662"));
        assertTrue(digits.err().contains("box.slots: \"\u0661\u0662\" is not a whole number"), digits.err());
        try (SimProcess sim = simulate()) {
            assertEquals("ERROR take needs a slot number 1-12", sim.error("take \u0663"));
            assertEquals("ERROR advance needs a number of seconds, e.g. advance 30", sim.error("advance \u0663\u0660"));
        }
    }

    @Test
    void aValidityWindowInYearMinus2026IsRejectedAtItsPath() throws Exception {
        Path bc = file("bc.json", """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                 "upsert": {"accesses": [{"id": "a-old", "keyId": "k-4b", "userId": "u-gus",
                            "validFrom": "-2026-11-27T00:00:00Z", "validUntil": "2026-11-30T00:00:00Z"}]}}""");
        try (SimProcess sim = simulate()) {
            String error = sim.error("apply " + bc);
            assertTrue(error.startsWith("ERROR upsert.accesses[0].validFrom: must be an ISO-8601 instant"), error);
        }
    }

    // ---- 14.7: only what the display can show ----

    @Test
    void cloudTextReachesTheDisplayOnlyAsTheLcdCanShowIt() throws Exception {
        Path snapshot = file("odd.json", """
                {"schema": 1, "type": "snapshot", "boxId": "SB-DEMO", "version": 7,
                 "users": [{"id": "u-olivia", "name": "Olivia\\u2028Owner", "mobile": "+15550000001",
                            "security": {"keyPickups2fa": false}},
                           {"id": "u-tom", "name": "\\u202eTom\\u200b Tech", "accountCode": "808080",
                            "technician": true, "security": {"login2fa": false}}],
                 "keys": [{"id": "k-4b", "ownerId": "u-olivia", "label": "\\u202eUnit\\u200b 4B\\u2028Caf\\u00e9",
                           "slot": 3}],
                 "accesses": []}""");
        try (SimProcess sim = simulate("--import", snapshot.toString())) {
            List<String> pickup = sim.ok("key 5550000001#");
            assertTrue(pickup.stream().anyMatch(l -> l.startsWith("DISPLAY Take key from slot 3|Unit 4B Cafe        |")),
                    pickup::toString);
            sim.ok("take 3");
            List<String> menu = sim.ok("key 808080#");
            assertTrue(menu.stream().anyMatch(l -> l.startsWith("DISPLAY Service *=exit Tom")), menu::toString);
            for (String line : sim.transcript()) {
                if (line.startsWith("DISPLAY ")) {
                    line.substring(8).chars().forEach(c -> assertTrue(c >= 0x20 && c <= 0x7D && c != '\\'
                            || "\u00e4\u00f6\u00fc\u00f1\u00df\u00b0\u00b5".indexOf(c) >= 0,
                            "U+" + Integer.toHexString(c) + " cannot be shown: " + line));
                }
            }
        }
    }

    // ---- 14.8: shared mobile numbers ----

    @Test
    void aMobileTwoUsersShareIsReportedBySyncAndAsksForTheAccountCode() throws Exception {
        Path delta = file("d8.json", """
                {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
                 "upsert": {"users": [{"id": "u-max", "name": "Max Manager", "mobile": "+15550000002",
                                       "accountCode": "135790"}]}}""");
        try (SimProcess sim = simulate()) {
            List<String> applied = sim.ok("apply " + delta);
            assertTrue(applied.contains("AUDIT SYNC_APPLIED version=8 type=delta warning=shared_mobile"),
                    applied::toString);
            for (int i = 0; i < 6; i++) {
                List<String> typed = sim.ok("key 5550000002#");
                assertTrue(typed.contains("AUDIT IDENTIFY_FAILED entry=mobile reason=shared_mobile"), typed::toString);
                assertTrue(typed.stream().anyMatch(l -> l.startsWith("DISPLAY") && l.contains("Enter account code")),
                        typed::toString);
            }
            assertFalse(sim.transcript().stream().anyMatch(l -> l.startsWith("AUDIT LOCKOUT")),
                    "the right number is no failed guess");
            List<String> max = sim.ok("key 135790#");
            assertTrue(max.contains("AUDIT CODE_SENT user=u-max to=***0002"), max::toString);
        }
        // The shell says it too, on stderr, and applies the document.
        Path other = dir.resolve("other.db");
        Path demo = SimProcess.projectDir().resolve("device-config/demo-data.json").toAbsolutePath();
        assertEquals(0, JarRun.run(dir, "", "import", "--db", other.toString(), demo.toString()).status());
        JarRun.Result imported = JarRun.run(dir, "", "import", "--db", other.toString(), delta.toString());
        assertEquals(0, imported.status());
        assertEquals("applied version 8", imported.out().strip());
        assertTrue(imported.err().contains("warning: upsert.users[0].mobile: the same number as user \"u-gus\""
                + " (+*******0002)"), imported.err());
    }

    // ---- 14.9: messages that must not go missing ----

    @Test
    void whenNoCodeCanBeSentTheDenialIsShownBeforeAnythingOpens() throws Exception {
        try (SimProcess sim = simulate()) {
            sim.ok("sms fail");
            // Gina's garage key needs a code; her Unit 7E (Nina's) needs none.
            List<String> denied = sim.ok("key 5550000005#");
            assertTrue(denied.stream().anyMatch(l -> l.startsWith("AUDIT DENIED user=u-gina reason=sms_failed")),
                    denied::toString);
            assertTrue(denied.contains("DISPLAY Code cannot be sent |1 Unit 7E           |                    "
                    + "|Key no., then #     "), denied::toString);
            assertFalse(denied.stream().anyMatch(l -> l.startsWith("UNLOCK")), "nothing opens unasked: " + denied);
            assertTrue(sim.ok("key 1#").contains("UNLOCK 7"));
        }
    }

    @Test
    void aSessionCutShortByAKillIsAuditedWithItsUserAndKey() throws Exception {
        try (SimProcess sim = simulate()) {
            assertTrue(sim.ok("key 246800#1#").contains("UNLOCK 6"));
        } // SIGKILL, with the latch open
        try (SimProcess again = simulate()) {
            assertTrue(again.transcript().contains("AUDIT SESSION_INTERRUPTED user=u-nina key=k-6d slot=6"),
                    again.transcript()::toString);
        }
    }
}
