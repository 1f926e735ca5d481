package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.smartbox.config.BoxConfig;
import org.smartbox.config.ConfigException;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;

/**
 * Hostile device config files (SPEC §11): random mixes of real keys, misspelt ones, values of every
 * shape (out of range, not numbers, control characters, escapes, paths with NUL), broken escapes
 * and bytes that are not UTF-8. Every file either gives a config that keeps every rule, or a
 * {@link ConfigException} that names the file and, unless the file as a whole is unreadable, the
 * key; nothing else escapes (which would exit 70 as an internal error instead of 2).
 *
 * <p>"And touch no GPIO": {@code smartbox run} reads and checks the config before any hardware is
 * opened, as {@code simulate} does; {@code RunProcessIT} and {@code BadConfigIT} run the jar to show it.
 */
class ConfigFuzzTest {

    static final List<String> KEYS = List.of("box.id", "box.slots", "phone.countryCode", "db.file", "secret.file",
            "code.lifetimeSeconds", "code.maxWrong", "code.perWindow", "code.windowMinutes", "lockout.failures",
            "lockout.failuresPerHour", "lockout.quietMinutes", "lockout.baseSeconds", "lockout.maxSeconds", "session.idleSeconds",
            "pickup.takeSeconds", "return.putSeconds", "latch.maxReleasedSeconds", "latch.testPulseMillis",
            "sms.gateways", "grants.publicKey");
    private static final List<String> STRANGE_KEYS = List.of("box.slotz", "Box.id", "box.id ", "lockout", "x",
            "", "box.slots.extra", "grants.publickey", "\u00e9t\u00e9", "box\\u0000id");
    private static final List<String> VALUES = List.of("", " ", "0", "1", "2", "5", "12", "30", "45", "60", "300",
            "301", "500", "501", "900", "86400", "86401", "-1", "+5", "1.5", "1e3", "0x10", "2147483647",
            "2147483648", "99999999999999999999", "\u0661\u0662", "twelve", "true", "SB-DEMO", "SB DEMO", "SB|DEMO",
            "S".repeat(40), "sim", "sim,modem", "modem,cloud", ",,", "sim,fax", "/tmp/box.db", "box.db",
            "a\\u0000b", "\\u0000", "\\uZZZZ", "\\", "line\\nbreak", "\u2028", "\t", "#comment", "=", ":",
            "MCowBQYDK2VwAyEADzFM3J09N0iBkrTnuTPVvb6Ek8WsVBBW9+fCdKXoL5Y=", "AAAA", "not base64!", "44");

    @Provide
    Arbitrary<byte[]> configs() {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(KEYS)),
                Tuple.of(1, Arbitraries.of(STRANGE_KEYS)));
        Arbitrary<String> value = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(VALUES)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.integers().between(-10, 100_000).map(String::valueOf)));
        Arbitrary<String> separator = Arbitraries.of("=", ":", " ", " = ", "\t");
        Arbitrary<String> line = Combinators.combine(key, separator, value).as((k, s, v) -> k + s + v);
        Arbitrary<String> text = line.list().ofMaxSize(12).map(lines -> {
            StringBuilder sb = new StringBuilder("box.id=SB-DEMO\nsms.gateways=sim\n");
            lines.forEach(l -> sb.append(l).append('\n'));
            return sb.toString();
        });
        Arbitrary<byte[]> utf8 = text.map(t -> t.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> latin1 = text.map(t -> (t + "name=caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(Tuple.of(12, utf8), Tuple.of(1, latin1), Tuple.of(1, bytes));
    }

    private static ConfigException refused(String text) {
        try {
            DeviceConfig.from(ConfigFile.parse("box.properties",
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    @Example
    void aConfigErrorStaysOneLineWhenTheValueHasEscapedLineBreaks() {
        ConfigException e = refused("box.id=SB\\nDEMO\nsms.gateways=sim\n");
        assertEquals("box.properties: box.id: \"SB\\nDEMO\" is not 1-32 letters, digits, - or _", e.getMessage());
    }

    @Example
    void aPathWithANulCharacterIsAConfigErrorNotACrash() {
        ConfigException e = refused("box.id=SB-DEMO\nsms.gateways=sim\ndb.file=box\\u0000.db\n");
        assertEquals("db.file", e.key());
        assertEquals("box.properties: db.file: \"box\\u0000.db\" is not a valid path: Nul character not allowed",
                e.getMessage());
    }

    @Property(tries = 5000)
    void everyConfigFileIsValidOrRefusedNamingFileAndKey(@ForAll("configs") byte[] file) {
        DeviceConfig config;
        try {
            config = DeviceConfig.from(ConfigFile.parse("fuzz.properties", new ByteArrayInputStream(file)));
        } catch (ConfigException e) {
            Statistics.collect(e.key() == null || e.key().isEmpty() ? "file refused" : "key refused");
            assertEquals("fuzz.properties", e.file());
            assertTrue(e.getMessage().startsWith("fuzz.properties: "), e.getMessage());
            assertNotNull(e.key());
            // A key with control characters or line/paragraph separators in it is named escaped (one
            // line); the others as they are.
            if (!e.key().isEmpty() && e.key().chars().noneMatch(c -> Character.isISOControl(c)
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
                assertTrue(e.getMessage().startsWith("fuzz.properties: " + e.key() + ": "), e.getMessage());
                String reason = e.getMessage().substring(("fuzz.properties: " + e.key() + ": ").length());
                assertFalse(reason.isBlank(), e.getMessage());
            }
            assertFalse(e.getMessage().contains("\n"), "a config error is one line: " + e.getMessage());
            return;
        }
        Statistics.collect("valid");
        BoxConfig box = config.box();
        assertTrue(box.boxId().matches("[A-Za-z0-9_-]{1,32}"), box.boxId());
        assertTrue(box.slots() >= 1 && box.slots() <= 500);
        assertTrue(box.latchMaxReleased().compareTo(box.timeouts().take()) >= 0);
        assertTrue(box.latchMaxReleased().compareTo(box.timeouts().giveBack()) >= 0);
        assertTrue(box.lockout().max().compareTo(box.lockout().base()) >= 0);
        assertFalse(box.smsGateways().isEmpty());
        assertTrue(Set.copyOf(BoxConfig.GATEWAY_KINDS).containsAll(box.smsGateways()), box.smsGateways().toString());
        assertTrue(box.identify().countryCode().matches("[1-9][0-9]{0,2}"), box.identify().countryCode());
        // The settings the kiosk is built from are consistent too.
        box.kioskSettings("fuzz");
        box.secretPath(box.dbFile());
    }
}
