package org.smartbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mqtt.*} section: present only with a broker, TLS unless on this machine, files that exist. */
class MqttConfigTest {

    @TempDir
    Path dir;

    private static DeviceConfig parse(String extra) {
        // A key may be set once: the default gateway line only when the test sets none.
        String text = "box.id=SB-7\n" + (extra.contains("sms.gateways=") ? "" : "sms.gateways=sim\n") + extra;
        return DeviceConfig.from(ConfigFile.parse("box.properties",
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static ConfigException problem(String extra) {
        return assertThrows(ConfigException.class, () -> parse(extra));
    }

    @Test
    void noBrokerNoSection() {
        assertTrue(parse("").mqtt().isEmpty());
    }

    @Test
    void otherMqttKeysWithoutABrokerAreAnError() {
        ConfigException e = problem("mqtt.keepAliveSeconds=30\n");
        assertEquals("mqtt.broker", e.key());
        assertTrue(e.getMessage().contains("mqtt.keepAliveSeconds is set"), e.getMessage());
    }

    @Test
    void defaultsForATlsBroker() {
        MqttConfig mqtt = parse("mqtt.broker=ssl://fleet.example.com\n").mqtt().orElseThrow();
        assertEquals("ssl://fleet.example.com:8883", mqtt.broker().toString());
        assertEquals("SB-7", mqtt.clientId(), "the client id defaults to the box id");
        assertEquals(Duration.ofSeconds(30), mqtt.keepAlive());
        assertEquals(Duration.ofSeconds(60), mqtt.reconnectMax());
        assertEquals(200, mqtt.eventBatch());
        assertEquals(Duration.ofSeconds(20), mqtt.smsAckTimeout());
        assertFalse(mqtt.allowPlaintext());
        assertTrue(mqtt.privateLink());
        assertEquals(256 * 1024, mqtt.maxMessageBytes());
        assertEquals(Duration.ofSeconds(600), mqtt.partTimeout());
        assertEquals(Duration.ofDays(7), mqtt.sessionExpiry());
    }

    @Test
    void aPasswordFileOrClientKeyEveryUserMayReadIsNamed() throws IOException {
        Path user = Files.writeString(dir.resolve("mqtt.user"), "box\n");
        Path password = Files.writeString(dir.resolve("mqtt.pass"), "secret\n");
        String config = "mqtt.broker=ssl://fleet.example.com\nmqtt.usernameFile=" + user + "\nmqtt.passwordFile="
                + password + "\n";
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        List<MqttConfig.OpenSecret> open = parse(config).mqtt().orElseThrow().openSecrets();
        assertEquals(1, open.size());
        assertEquals("mqtt.passwordFile", open.get(0).key());
        assertEquals("0644", open.get(0).mode());
        assertTrue(open.get(0).problem().contains("readable by every user of this machine (mode 0644)"),
                open.get(0).problem());
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(List.of(), parse(config).mqtt().orElseThrow().openSecrets(), "the service's group may read it");
    }

    @Test
    void sizesAndTimesOfTheLinkAreChecked() {
        String broker = "mqtt.broker=ssl://fleet.example.com\n";
        assertEquals("mqtt.maxMessageBytes", problem(broker + "mqtt.maxMessageBytes=100\n").key());
        assertEquals("mqtt.partTimeoutSeconds", problem(broker + "mqtt.partTimeoutSeconds=0\n").key());
        assertEquals("mqtt.sessionExpirySeconds", problem(broker + "mqtt.sessionExpirySeconds=0\n").key());
        assertEquals(131_072, parse(broker + "mqtt.maxMessageBytes=131072\n").mqtt().orElseThrow().maxMessageBytes());
    }

    @Test
    void plaintextOnlyToThisMachineUnlessAllowed() {
        assertEquals("tcp://127.0.0.1:1883", parse("mqtt.broker=tcp://127.0.0.1\n").mqtt().orElseThrow().broker()
                .toString());
        assertTrue(parse("mqtt.broker=tcp://localhost:1884\n").mqtt().isPresent());
        assertTrue(parse("mqtt.broker=tcp://[::1]:1884\n").mqtt().isPresent());
        ConfigException e = problem("mqtt.broker=tcp://10.1.2.3:1883\n");
        assertEquals("mqtt.broker", e.key());
        assertTrue(e.getMessage().contains("in the clear"), e.getMessage());
        problem("mqtt.broker=tcp://fleet.example.com:1883\n");
        MqttConfig allowed = parse("mqtt.broker=tcp://10.1.2.3:1883\nmqtt.allowPlaintext=true\n").mqtt().orElseThrow();
        assertFalse(allowed.privateLink());
    }

    @Test
    void brokerMustBeSchemeHostAndPort() {
        for (String bad : new String[] {"fleet.example.com", "http://fleet.example.com", "ssl://",
            "ssl://user:pw@fleet.example.com", "ssl://fleet.example.com/path", "ssl://fleet.example.com:70000"}) {
            assertEquals("mqtt.broker", problem("mqtt.broker=" + bad + "\n").key(), bad);
        }
    }

    @Test
    void filesMustBeReadableAndComeInPairs() throws IOException {
        Path cert = Files.writeString(dir.resolve("client.pem"), "x");
        Path key = Files.writeString(dir.resolve("client.key"), "x");
        String tls = "mqtt.broker=ssl://fleet.example.com\n";
        assertEquals("mqtt.caFile", problem(tls + "mqtt.caFile=" + dir.resolve("missing.pem") + "\n").key());
        assertEquals("mqtt.clientKeyFile", problem(tls + "mqtt.clientCertFile=" + cert + "\n").key());
        assertEquals("mqtt.clientCertFile", problem(tls + "mqtt.clientKeyFile=" + key + "\n").key());
        assertTrue(parse(tls + "mqtt.clientCertFile=" + cert + "\nmqtt.clientKeyFile=" + key + "\n").mqtt()
                .orElseThrow().clientKeyFile().isPresent());
        assertEquals("mqtt.passwordFile", problem(tls + "mqtt.passwordFile=" + key + "\n").key(),
                "a password needs a user name");
        assertEquals("mqtt.caFile", problem("mqtt.broker=tcp://127.0.0.1\nmqtt.caFile=" + cert + "\n").key(),
                "TLS files with a plaintext broker are a mistake");
    }

    @Test
    void numbersAreChecked() {
        String broker = "mqtt.broker=ssl://fleet.example.com\n";
        assertEquals("mqtt.eventBatch", problem(broker + "mqtt.eventBatch=0\n").key());
        assertEquals("mqtt.reconnectMaxSeconds",
                problem(broker + "mqtt.reconnectMinSeconds=30\nmqtt.reconnectMaxSeconds=10\n").key());
        assertEquals("mqtt.clientId", problem(broker + "mqtt.clientId=a/b\n").key());
        assertEquals("mqtt.brokr", problem(broker + "mqtt.brokr=x\n").key(), "misspelt keys are still refused");
    }

    @Test
    void cloudSmsNeedsAPrivateLink() {
        assertEquals("sms.gateways", problem("sms.gateways=cloud\n").key());
        ConfigException plain = problem("sms.gateways=cloud\nmqtt.broker=tcp://10.1.2.3:1883\n"
                + "mqtt.allowPlaintext=true\n");
        assertTrue(plain.getMessage().contains("one-time codes in the clear"), plain.getMessage());
        assertTrue(parse("sms.gateways=modem,cloud\nmodem.port=/dev/ttyUSB2\nmqtt.broker=ssl://fleet.example.com\n")
                .mqtt().isPresent());
        assertTrue(parse("sms.gateways=cloud\nmqtt.broker=tcp://127.0.0.1:1883\n").mqtt().isPresent());
    }
}
