package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.KEY_4B;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.STRANGER_NATIONAL;
import static org.smartbox.testing.TestBox.TARA;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.Enclosure;
import org.smartbox.cache.HealthCheck;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.QueueCodes;
import org.smartbox.testing.TestBox;

/**
 * Issue 19: the screen catalogue, {@code docs/screens.md}, is drawn by this test from the code, so
 * it cannot drift. Each screen is reached the way a person reaches it (through the pickup machine,
 * with the test box's people), and every {@link Screen} variant appears at least once.
 *
 * <p>When a screen's wording changes on purpose, regenerate the file and review the diff:
 * {@code mvn -B -o -q test -Dtest=ScreenCatalogueTest -Dscreens.write=true}.
 */
class ScreenCatalogueTest {

    private static final Path FILE = Path.of("docs", "screens.md");

    private record Shot(String section, String title, String when, Frame frame, Screen screen) {
    }

    private final List<Shot> shots = new ArrayList<>();
    private String section = "";

    private void section(String name) {
        section = name;
    }

    private void shot(String title, String when, MemoryKiosk k) {
        shots.add(new Shot(section, title, when, k.frame(), k.state().screen()));
    }

    /** Every screen record, through sealed groupings such as {@link Screen.Service}. */
    private static List<Class<?>> screens(Class<?> sealed) {
        List<Class<?>> leaves = new java.util.ArrayList<>();
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            if (sub.isSealed()) {
                leaves.addAll(screens(sub));
            } else {
                leaves.add(sub);
            }
        }
        return leaves;
    }

    @Test
    void theCatalogueInDocsIsTheOneTheCodeDraws() throws IOException {
        drawEveryScreen();
        Set<Class<?>> drawn = new LinkedHashSet<>();
        shots.forEach(s -> drawn.add(s.screen().getClass()));
        for (Class<?> variant : screens(Screen.class)) {
            assertTrue(drawn.contains(variant), "the catalogue shows no " + variant.getSimpleName());
        }
        String text = markdown();
        if (Boolean.getBoolean("screens.write")) {
            Files.writeString(FILE, text, StandardCharsets.UTF_8);
        }
        assertEquals(text, Files.readString(FILE, StandardCharsets.UTF_8),
                "docs/screens.md is not what the code draws; regenerate it with "
                        + "mvn -B -o -q test -Dtest=ScreenCatalogueTest -Dscreens.write=true and review the diff");
    }

    private void drawEveryScreen() {
        section("At the keypad: identification");
        MemoryKiosk k = TestBox.kiosk();
        shot("Home", "Waiting for someone.", k);
        k.press("55573");
        shot("Typing", "Each digit masked but the one typed last.", k);
        k.press("*****12#");
        shot("Invalid entry", "Too short for an account code (4-9 digits) or a mobile number (10-15); not counted.",
                k);
        k.advance(60);
        k.press(STRANGER_NATIONAL + "#");
        shot("Not found", "Unknown, or nothing to do here (the screen never says which); counts towards the "
                + "keypad lockout, which is 5 failures.", k);
        k.advance(60);
        MemoryRecords shared = TestBox.cache().user("u-twin", "+15557310042");
        MemoryKiosk twins = TestBox.kiosk(shared);
        twins.press(GUS_NATIONAL + "#");
        shot("Shared mobile", "Several people share the number: the account code says who.", twins);

        section("Keypad lockout");
        MemoryKiosk locked = TestBox.kiosk();
        locked.press((STRANGER_NATIONAL + "#").repeat(5));
        locked.advance(18);
        shot("Locked", "Five failures in a row: the keypad is locked, counting down (60 s, doubling up to 15 min).",
                locked);
        locked.press("5");
        shot("Locked, key pressed", "A key pressed during the lock is not taken, but answered.", locked);
        KioskSettings d = KioskSettings.defaults("SB-TEST", 12);
        KioskSettings twoHours = d.withLockout(
                new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofHours(2)));
        MemoryKiosk longLock = new MemoryKiosk(twoHours, TestBox.cache(), new QueueCodes("318274"), LockoutState.CLEAR);
        longLock.press((STRANGER_NATIONAL + "#").repeat(5));
        longLock.advance(1234);
        shot("Locked for hours", "A lock of an hour or more (a longer lockout.maxSeconds, or the hour's cap of "
                + "failures spent) counts down in h:mm:ss.", longLock);

        section("Second factor (SMS or app code)");
        k = TestBox.kiosk();
        k.press(GUS_NATIONAL + "#");
        shot("Code sent", "An SMS code went to the person's own phone (last 4 digits shown).", k);
        k.press("60");
        shot("Typing the code", "Masked like every entry.", k);
        k.press("29#");
        shot("Too short", "A code has 6 digits; not counted as a try.", k);
        k.press("000001#");
        shot("Wrong code", "Three wrong tries void a code (or fewer, when the keypad lockout is nearer).", k);
        k.press("000002#000003#");
        shot("Too many wrong codes", "The third wrong try ends the session.", k);
        k.advance(60);
        k.press(GUS_NATIONAL + "#");
        k.press("##");
        shot("Too many codes", "Three codes in 15 minutes: says when the next may be sent.", k);
        k = TestBox.kiosk();
        k.smsHeld(true);
        k.press(GUS_NATIONAL + "#");
        shot("Sending", "The gateway has not confirmed the SMS yet.", k);
        k = TestBox.kiosk();
        k.smsFails(true);
        k.press(GUS_NATIONAL + "#");
        shot("Code cannot be sent", "Every gateway failed: denied, never \"no factor\".", k);
        k = TestBox.kiosk();
        k.press(GUS_NATIONAL + "#");
        k.advance(300);
        shot("Code expired", "Five minutes without the right code.", k);
        k = TestBox.kiosk(TestBox.cache().appSecret(OLIVIA, new byte[20]));
        k.press(OLIVIA_NATIONAL + "#");
        shot("App code offered", "The person has the app: nothing is sent until # asks for an SMS.", k);

        section("Pickups and returns");
        k = TestBox.kiosk();
        k.press(GUS_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        shot("Take the key", "The latch is released; the key sensor completes the pickup (30 s).", k);
        k.take(SLOT_4B);
        shot("Thank you", "Picked up (or returned).", k);
        k = TestBox.kiosk();
        k.press(GUS_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        k.advance(30);
        shot("Slot closed", "Nothing taken in time: re-latched, nothing used up.", k);
        MemoryRecords out = TestBox.cache();
        out.sensor(SLOT_4B, false);
        k = TestBox.kiosk(out);
        k.press(OLIVIA_NATIONAL + "#");
        shot("Return, confirm", "The only thing to do is a return (the owner's key is out): nothing moves until #.",
                k);
        k.press("#");
        shot("Put the key back", "The key's own slot is released for 40 s.", k);
        k = TestBox.kiosk();
        k.take(SLOT_4B);
        k.put(SLOT_4B);
        shot("Key put in without a return", "Audited TAMPER; a return starts with the mobile number or code.", k);
        MemoryRecords many = TestBox.cache().security(OLIVIA, false, false, false)
                .key("k-5", OLIVIA, "Unit 5", 5).key("k-7", OLIVIA, "Garage", 7)
                .keyOutWith("k-9", OLIVIA, "Unit 9", 9, TestBox.GUS);
        k = TestBox.kiosk(many);
        k.press(OLIVIA_NATIONAL + "#");
        shot("Choose a key", "Several things to do: three to a page, # for the next.", k);
        k.press("#");
        shot("Choose, page 2", "Returns say so.", k);
        k.press("9#");
        shot("No such item", "A number not on the list.", k);
        k.press("2");
        shot("Choosing", "The number typed so far.", k);
        k.press("*");
        k.press("*");
        shot("Cancelled", "* on an empty entry leaves.", k);
        k.press(OLIVIA_NATIONAL + "#");
        k.take(5);
        k.press("2#");
        shot("Key not available", "Everything is checked again before a latch moves: here the key left its slot "
                + "(audited TAMPER) while the list was shown.", k);
        MemoryKiosk gone = TestBox.kiosk(TestBox.cache());
        gone.press(GUS_NATIONAL + "#");
        gone.cache().revoke(TestBox.ACCESS_GUS);
        gone.press(gone.lastCode() + "#");
        shot("Nothing to do here", "The code was right, but meanwhile the access ended.", gone);

        section("App unlock");
        k = TestBox.kiosk();
        k.appUnlock("g-1", OLIVIA, KEY_4B);
        shot("App unlock offered", "A grant from the owner's app: someone at the box opens with #.", k);
        k.press("*");
        shot("Cancelled", "", k);
        k.appUnlock("g-2", OLIVIA, KEY_4B);
        k.advance(60);
        shot("App unlock ended", "Nobody pressed # within 60 s (or the grant ran out).", k);

        section("Out of service");
        MemoryRecords door = TestBox.cache().enclosure(Enclosure.OPEN_STOPS_SERVICE);
        k = TestBox.kiosk(door);
        k.handle(new Event.EnclosureChanged(true));
        shot("Door open", "The cabinet is open and the box is set to stop: every latch held.", k);
        k = TestBox.kiosk();
        k.handle(new Event.Fault("Latch fault"));
        shot("Fault", "A fault the box cannot serve with (the reason is the shell's).", k);

        section("Technician");
        MemoryRecords tech = TestBox.cache().security(TARA, false, true, true);
        tech.checks.add(new HealthCheck("database", "ok", "integrity ok", ""));
        tech.checks.add(new HealthCheck("cpu", "ok", "no temperature sensor (not a Pi?)", ""));
        tech.checks.add(new HealthCheck("config", "warn", "latch.mode=simulated",
                "set hardware in device-config/smartbox.properties"));
        k = TestBox.kiosk(tech);
        k.press(TARA_NATIONAL + "#");
        shot("Service menu", "After login (with an SMS code when the technician's login2fa is on).", k);
        k.press("9");
        shot("Unknown choice", "", k);
        k.press("1");
        shot("Latch test: which slot", "", k);
        k.press("3#");
        shot("Slot holds a key", "A technician is not a key holder: only an empty slot is tested.", k);
        k.press("13#");
        shot("No such slot", "", k);
        k.press("5#");
        shot("Latch test running", "Slot 5 released for a second.", k);
        k.advance(1);
        shot("Latch test result", "The sensor before and after.", k);
        k.press("*2");
        shot("Sensors", "Every slot: K key in, - empty; five to a line.", k);
        k.press("#");
        shot("Sensors, page 2", "", k);
        k.press("*3");
        shot("Status", "Version, box, cache, counts, modem; two lines to a page.", k);
        k.press("*4");
        k.press("12#");
        shot("Keypad test", "Every key echoed; ** ends it.", k);
        k.press("**5");
        shot("Display test", "Every row and cell; any key goes back.", k);
        k.checksBy((at, done) -> { });
        k.press("#6");
        shot("Checks running", "The checks run off the loop: keys and sensors are served meanwhile; * goes back.", k);
        k.press("*");
        k.checksInPlace();
        k.press("6");
        shot("Checks", "One check to a page, its name and status on top; long values and hints wrap.", k);
        k.press("#");
        shot("Checks, wrapped", "", k);
        k.press("#");
        shot("Checks, a hint", "A hint runs on over the next page, under the same check.", k);
        k.press("#");
        shot("Checks, the hint goes on", "", k);
        k.press("*");
        k.cache().enclosure(Enclosure.OPEN);
        k.handle(new Event.EnclosureChanged(true));
        shot("Service menu, door open", "The menu shows the cabinet's state.", k);
        k.press("*");
        shot("Service ended", "", k);
        k = TestBox.kiosk();
        k.press(TARA_NATIONAL + "#");
        k.press("000001#");
        shot("Technician login, wrong code", "The same code screen and limits as a pickup.", k);
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Screens of the 20x4 display\n\n")
                .append("Every screen the kiosk draws, as the LCD and the simulator show it, on a test box ")
                .append("(SB-TEST, 12 slots; Gus is a guest with an access to Unit 4B in slot 3, Olivia its owner, ")
                .append("Tara a technician).\n\n")
                .append("Generated by `ScreenCatalogueTest` from the code; do not edit by hand. After a wording ")
                .append("change: `mvn -B -o -q test -Dtest=ScreenCatalogueTest -Dscreens.write=true`, then review ")
                .append("the diff.\n");
        String current = null;
        for (Shot shot : shots) {
            if (!shot.section().equals(current)) {
                current = shot.section();
                md.append("\n## ").append(current).append("\n");
            }
            md.append("\n### ").append(shot.title()).append("\n\n");
            if (!shot.when().isEmpty()) {
                md.append(shot.when()).append("\n\n");
            }
            md.append("```\n+").append("-".repeat(Frame.WIDTH)).append("+\n");
            for (String line : shot.frame().lines()) {
                md.append('|').append(line).append("|\n");
            }
            md.append('+').append("-".repeat(Frame.WIDTH)).append("+\n```\n");
        }
        return md.toString();
    }
}
