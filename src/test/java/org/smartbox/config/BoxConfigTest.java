package org.smartbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.pickup.KioskSettings;

/** The box's core settings: a config that names only the box gets SPEC.md's numbers, each key counts. */
class BoxConfigTest {

    private static BoxConfig load(String properties) {
        return BoxConfig.from(ConfigFile.parse("box.properties",
                new ByteArrayInputStream(("box.id=SB-1\n" + properties).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aConfigThatOnlyNamesTheBoxRunsOnTheSpecNumbers() {
        KioskSettings settings = load("").kioskSettings("dev");
        assertEquals(KioskSettings.defaults("SB-1", 12), settings, "the pickup machine's defaults, group by group");
        // SPEC §5 and §6 in figures, so a changed default is a deliberate change here too.
        assertEquals(new KioskSettings.CodeRules(Duration.ofMinutes(5), 3, 3, Duration.ofMinutes(15)), settings.codes());
        assertEquals(new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15),
                30, Duration.ofHours(1)), settings.lockout());
        assertEquals(new KioskSettings.Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(40),
                Duration.ofSeconds(1)), settings.timeouts());
        assertEquals(new KioskSettings.Identify("1", 0), settings.identify());
        assertEquals(12, settings.box().slots());
        assertEquals(Duration.ofSeconds(45), load("").latchMaxReleased());
    }

    @Test
    void eachNumberComesFromItsKey() {
        BoxConfig box = load("box.slots=4\nphone.countryCode=44\nidentify.codeOnlyNeedsDigits=6\n"
                + "code.lifetimeSeconds=120\ncode.maxWrong=2\ncode.perWindow=5\ncode.windowMinutes=30\n"
                + "lockout.failures=4\nlockout.quietMinutes=20\nlockout.baseSeconds=30\nlockout.maxSeconds=600\n"
                + "lockout.failuresPerHour=12\nsession.idleSeconds=90\npickup.takeSeconds=20\n"
                + "return.putSeconds=25\nlatch.maxReleasedSeconds=60\nlatch.testPulseMillis=500\n");
        assertEquals(4, box.slots());
        assertEquals(new KioskSettings.Identify("44", 6), box.identify());
        assertEquals(new KioskSettings.CodeRules(Duration.ofSeconds(120), 2, 5, Duration.ofMinutes(30)), box.codes());
        assertEquals(new LockoutPolicy(4, Duration.ofMinutes(20), Duration.ofSeconds(30), Duration.ofMinutes(10), 12,
                Duration.ofHours(1)), box.lockout());
        assertEquals(new KioskSettings.Timeouts(Duration.ofSeconds(90), Duration.ofSeconds(20), Duration.ofSeconds(25),
                Duration.ofMillis(500)), box.timeouts());
        assertEquals(Duration.ofSeconds(60), box.latchMaxReleased());
    }

    @Test
    void aGuardShorterThanAPickupIsRefused() {
        String message = assertThrows(ConfigException.class,
                () -> load("pickup.takeSeconds=50\nlatch.maxReleasedSeconds=45\n")).getMessage();
        assertTrue(message.startsWith("box.properties: latch.maxReleasedSeconds: must be at least"), message);
    }
}
