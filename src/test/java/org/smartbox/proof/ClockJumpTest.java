package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartbox.config.BoxConfig;
import org.smartbox.kiosk.SyncService;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.SimBoxes;
import org.smartbox.sim.WallJumpBox;

/**
 * SPEC §5, §6, §8 when the wall clock jumps (an NTP correction, a dead RTC battery): a code's
 * lifetime, the keypad lockout, the idle and take timeouts run on monotonic time and neither
 * stretch nor shrink; access windows are dates and follow the wall clock forward, so a jump past
 * an access's end closes it, and never back past the newest time the box recorded (SPEC §12's time
 * floor); a restart across a jump never brings back a lockout longer than it had left.
 */
class ClockJumpTest {

    private static final BoxConfig CONFIG = SimBoxes.config("").box();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Duration HOUR = Duration.ofHours(1);

    private final ScratchDir dir = ScratchDir.create();
    private final Path db = dir.resolve("box.db");
    private final List<String> lines = new ArrayList<>();
    private WallJumpBox.Running box;

    @AfterEach
    void close() {
        if (box != null) {
            box.close();
        }
        dir.close();
    }

    private WallJumpBox.Running start(Instant wall) {
        ProtocolOut out = new ProtocolOut(new PrintStream(OutputStream.nullOutputStream()));
        out.tap(lines::add);
        box = WallJumpBox.start(CONFIG, db, wall, ProofBox.DEMO_DATA, out);
        return box;
    }

    private int mark() {
        return lines.size();
    }

    private List<String> since(int mark) {
        return List.copyOf(lines.subList(mark, lines.size()));
    }

    private String lastCode() {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = CODE.matcher(lines.get(i));
            if (lines.get(i).startsWith("SMS ") && m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no SMS sent: " + lines);
    }

    @ParameterizedTest(name = "wall set {0} h")
    @ValueSource(ints = {-1, 1, -24, 24})
    void aWallJumpNeitherStretchesNorShortensAOneTimeCodesLifetime(int hours) {
        start(SimBoxes.NOW);
        box.box().press("5550000002#");
        String code = lastCode();
        box.clock().jump(Duration.ofHours(hours));
        box.box().advance(299_000);
        int mark = mark();
        box.box().press(code + "#");
        assertTrue(since(mark).stream().anyMatch(l -> l.startsWith("AUDIT CODE_ACCEPTED user=u-gus")),
                "still valid at 299 s whatever the wall clock did: " + since(mark));

        box.box().press("**5550000002#");
        String second = lastCode();
        box.clock().jump(Duration.ofHours(-hours));
        mark = mark();
        box.box().advance(301_000);
        box.box().press(second + "#");
        List<String> after = since(mark);
        assertTrue(after.contains("AUDIT CODE_EXPIRED user=u-gus"), after.toString());
        assertTrue(after.stream().noneMatch(l -> l.startsWith("AUDIT CODE_ACCEPTED") || l.startsWith("UNLOCK")),
                "expired at 301 s whatever the wall clock did: " + after);
    }

    @ParameterizedTest(name = "wall set {0} h")
    @ValueSource(ints = {-1, 1, -24, 24})
    void aWallJumpNeitherShortensNorStretchesALockout(int hours) {
        start(SimBoxes.NOW);
        for (int i = 0; i < 5; i++) {
            box.box().press("555999000" + i + "#");
        }
        assertTrue(lines.contains("AUDIT LOCKOUT seconds=60"), lines.toString());
        box.clock().jump(Duration.ofHours(hours));
        box.box().advance(59_000);
        int mark = mark();
        box.box().press("246800#");
        assertTrue(since(mark).stream().noneMatch(l -> l.startsWith("UNLOCK")), "still locked at 59 s: " + since(mark));
        box.box().advance(2_000);
        box.box().press("246800#");
        assertTrue(since(mark).stream().anyMatch(l -> l.startsWith("DISPLAY Key no.")), "unlocked at 61 s: " + since(mark));
    }

    @ParameterizedTest(name = "wall set {0} h")
    @ValueSource(ints = {-1, 1})
    void aWallJumpDoesNotMoveTheTakeTimeoutOrTheLatchGuard(int hours) {
        start(SimBoxes.NOW);
        box.box().press("246800#1#");
        assertTrue(lines.contains("UNLOCK 6"));
        box.clock().jump(Duration.ofHours(hours));
        int mark = mark();
        box.box().advance(29_000);
        assertTrue(since(mark).isEmpty() || since(mark).stream().noneMatch(l -> l.equals("LOCK 6")), since(mark).toString());
        box.box().advance(2_000);
        assertTrue(since(mark).contains("LOCK 6"), since(mark).toString());
        assertTrue(since(mark).contains("AUDIT PICKUP_NOT_TAKEN user=u-nina key=k-6d slot=6"), since(mark).toString());
    }

    @Test
    void accessWindowsFollowTheWallClock() throws Exception {
        start(SimBoxes.NOW);
        Instant from = SimBoxes.NOW.minusSeconds(300);
        Instant until = SimBoxes.NOW.plusSeconds(600);
        Path delta = dir.resolve("wendy.json");
        Files.writeString(delta, """
                {"schema":1,"type":"delta","boxId":"SB-DEMO","version":8,"baseVersion":7,
                 "upsert":{"users":[{"id":"u-wendy","mobile":"+15550000077"}],
                           "accesses":[{"id":"a-wendy","keyId":"k-6d","userId":"u-wendy",
                                        "validFrom":"%s","validUntil":"%s"}]}}
                """.formatted(from, until));
        assertTrue(box.box().apply(delta) instanceof SyncService.Outcome.Applied);

        // NTP sets the clock an hour forward: the window is over, by the dates the cloud gave.
        box.clock().jump(HOUR);
        int mark = mark();
        box.box().press("5550000077#");
        assertTrue(since(mark).contains("AUDIT IDENTIFY_FAILED user=u-wendy entry=mobile reason=nothing_to_do"),
                since(mark).toString());
        assertTrue(since(mark).stream().noneMatch(l -> l.startsWith("UNLOCK")));

        // Back an hour: the box has recorded that time, so it keeps deciding by it (SPEC §12's time
        // floor): the window stays over, and the clock behind is audited once.
        box.clock().jump(HOUR.negated());
        mark = mark();
        box.box().press("5550000077#");
        assertTrue(since(mark).contains("AUDIT IDENTIFY_FAILED user=u-wendy entry=mobile reason=nothing_to_do"),
                since(mark).toString());
        assertTrue(since(mark).stream().noneMatch(l -> l.startsWith("UNLOCK")));
        box.box().press("5550000077#");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("AUDIT CLOCK_BEHIND ")).count(), lines.toString());

        // An hour back: before the window opened.
        box.clock().jump(HOUR.negated());
        mark = mark();
        box.box().press("**5550000077#");
        assertTrue(since(mark).stream().noneMatch(l -> l.startsWith("UNLOCK")), since(mark).toString());
    }

    @ParameterizedTest(name = "wall set {0} h across the restart")
    @ValueSource(ints = {-1, -24, 1})
    void aRestartAcrossAWallJumpNeverRestoresALockoutLongerThanItsMaximum(int hours) {
        start(SimBoxes.NOW);
        // Three lockouts in a row: the third lasts 240 s.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                box.box().press("555999000" + i + "#");
            }
            if (round < 2) {
                box.box().advance(60_000L << round);
            }
        }
        assertTrue(lines.contains("AUDIT LOCKOUT seconds=240"), lines.toString());
        Instant wall = box.box().clock().now().wall();
        box.close();
        box = null;

        start(wall.plus(Duration.ofHours(hours)));
        long max = CONFIG.lockout().max().toMillis();
        int mark = mark();
        box.box().press("246800#");
        boolean lockedAtStart = since(mark).stream().noneMatch(l -> l.startsWith("DISPLAY Key no."));
        box.box().advance(max);
        box.box().press("**246800#");
        assertTrue(since(mark).stream().anyMatch(l -> l.startsWith("DISPLAY Key no.")),
                "unlocked at most lockout.maxSeconds after the restart: " + since(mark));
        if (hours < 0) {
            assertTrue(lockedAtStart, "a wall clock set back does not end the lockout: " + since(mark));
        }
    }
}
