package org.smartbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The config keys the code accepts ({@link ConfigKeys}), the config reference in docs/, the
 * production template, and the "did you mean" for a misspelt key, held against each other.
 */
class ConfigReferenceTest {

    private static final Path REFERENCE = Path.of("docs/config-reference.md");
    private static final Path TEMPLATE = Path.of("device-config/smartbox.properties");
    /** A table row's first cell: | `key` | */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9.]+)` \\|");

    private static Set<String> documented() throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = ROW.matcher(Files.readString(REFERENCE));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void theConfigReferenceDocumentsEveryKeyTheCodeAccepts() throws IOException {
        List<String> missing = new ArrayList<>(ConfigKeys.ALL);
        missing.removeAll(documented());
        assertEquals(List.of(), missing, "keys the code accepts but docs/config-reference.md does not describe");
    }

    @Test
    void theConfigReferenceDocumentsNoKeyTheCodeRefuses() throws IOException {
        List<String> stale = new ArrayList<>(documented());
        stale.removeAll(ConfigKeys.ALL);
        assertEquals(List.of(), stale, "keys docs/config-reference.md describes but the code refuses");
    }

    @Test
    void readingAKeyThatIsNotInTheListIsAProgrammingError() {
        ConfigFile file = parse("box.id=SB-1\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> file.optional("box.colour"));
        assertTrue(e.getMessage().contains("docs/config-reference.md"), e.getMessage());
    }

    @Test
    void theProductionTemplateCarriesEverySectionAndKey() throws IOException {
        String template = Files.readString(TEMPLATE);
        List<String> absent = new ArrayList<>();
        for (String key : ConfigKeys.ALL) {
            String line = key.replace("." + ConfigKeys.SLOT, ".1");
            if (!Pattern.compile("(?m)^#?" + Pattern.quote(line) + "=").matcher(template).find()) {
                absent.add(key);
            }
        }
        assertEquals(List.of(), absent, "keys the template neither sets nor shows commented out");
        assertTrue(template.contains("# --- fleet link: MQTT"), "the MQTT section");
    }

    @Test
    void theProductionTemplateIsValidWithItsMqttSectionSwitchedOn(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("user"), "box\n");
        Files.writeString(dir.resolve("pass"), "secret\n");
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        String on = Files.readString(TEMPLATE)
                .replace("#mqtt.broker=", "mqtt.broker=")
                .replace("#mqtt.usernameFile=/etc/smartbox/mqtt.user", "mqtt.usernameFile=" + dir.resolve("user"))
                .replace("#mqtt.passwordFile=/etc/smartbox/mqtt.pass", "mqtt.passwordFile=" + dir.resolve("pass"))
                .replace("#mqtt.caFile=/etc/smartbox/fleet-ca.pem", "mqtt.caFile=" + dir.resolve("ca.pem"))
                .replace("#mqtt.keepAliveSeconds=", "mqtt.keepAliveSeconds=")
                .replace("#log.level=info", "log.level=warn");
        DeviceConfig device = DeviceConfig.from(parse(on));
        assertEquals("ssl://fleet.example.com:8883", device.mqtt().orElseThrow().broker().toString());
        assertEquals(Optional.of(org.slf4j.event.Level.WARN), device.logLevel());
    }

    @Test
    void aMisspeltKeyIsNamedWithTheKeyItMostLikelyMeant() {
        assertProblem("box.id=SB-1\nbox.slot=8\n", "box.slot: unknown key; did you mean box.slots?");
        assertProblem("box.id=SB-1\nBox.Slots=8\n", "Box.Slots: unknown key; did you mean box.slots?");
        assertProblem("box.id=SB-1\nslots=8\n", "slots: unknown key; did you mean box.slots?");
        assertProblem("box.id=SB-1\nhardware.platform=mock\ngpio.lacth.3=17\n",
                "gpio.lacth.3: unknown key; did you mean gpio.latch.3?");
        assertProblem("box.id=SB-1\nsms.gateways=sim\nmodem.prot=/dev/ttyUSB2\n",
                "modem.prot: unknown key; did you mean modem.port?");
    }

    @Test
    void aMisspeltBrokerIsNamedAsTheTypoNotAsTheMissingBroker() {
        assertProblem("box.id=SB-1\nmqtt.brokr=ssl://fleet.example.com\n",
                "mqtt.brokr: unknown key; did you mean mqtt.broker?");
    }

    @Test
    void aKeyLikeNoOtherGetsNoGuess() {
        assertProblem("box.id=SB-1\ncolour.of.the.box=red\n",
                "colour.of.the.box: unknown key (misspelt, or not for this version?)");
    }

    @Test
    void aBadLogLevelNamesTheKeyAndTheChoices() {
        assertProblem("box.id=SB-1\nsms.gateways=sim\nlog.level=loud\n", "log.level: \"loud\" is not one of error, warn, info, debug,"
                + " trace");
    }

    private static void assertProblem(String config, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> DeviceConfig.from(parse(config)));
        assertEquals("test.properties: " + expected, e.getMessage());
    }

    private static ConfigFile parse(String text) {
        return ConfigFile.parse("test.properties", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
