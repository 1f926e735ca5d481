package org.smartbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modem section of the device config: read when the gateways list the modem, checked key by key. */
class ModemConfigTest {

    @TempDir
    Path dir;

    private static DeviceConfig load(String properties) {
        return DeviceConfig.from(ConfigFile.parse("box.properties",
                new ByteArrayInputStream(("box.id=SB-1\n" + properties).getBytes(StandardCharsets.UTF_8))));
    }

    private static String problem(String properties) {
        return assertThrows(ConfigException.class, () -> load(properties)).getMessage();
    }

    private Path pinFile(String content, String mode) throws Exception {
        Path file = dir.resolve("sim-pin");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ModemConfig modem = load("sms.gateways=modem\nmodem.port=/dev/ttyUSB2\n").modem().orElseThrow();
        assertEquals("/dev/ttyUSB2", modem.port());
        assertEquals(115200, modem.baud());
        assertEquals(Optional.empty(), modem.pinFile());
        assertEquals(Duration.ofSeconds(5), modem.commandTimeout());
        assertEquals(Duration.ofSeconds(60), modem.sendTimeout());
        assertEquals(ModemConfig.Charset.GSM, modem.charset());
        assertEquals(Duration.ofSeconds(60), modem.healthInterval());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Path pin = pinFile("2580\n", "rw-------");
        ModemConfig modem = load("sms.gateways=modem,sim\nmodem.port=/dev/serial/by-id/usb-Quectel-if02\n"
                + "modem.baud=9600\nmodem.pinFile=" + pin + "\nmodem.commandTimeoutSeconds=3\n"
                + "modem.sendTimeoutSeconds=90\nmodem.charset=ira\nmodem.healthSeconds=30\n").modem().orElseThrow();
        assertEquals(9600, modem.baud());
        assertEquals(Optional.of(pin), modem.pinFile());
        assertEquals(Duration.ofSeconds(3), modem.commandTimeout());
        assertEquals(Duration.ofSeconds(90), modem.sendTimeout());
        assertEquals(ModemConfig.Charset.IRA, modem.charset());
        assertEquals(Duration.ofSeconds(30), modem.healthInterval());
    }

    @Test
    void noModemSectionWithoutTheModemGateway() {
        assertTrue(load("sms.gateways=sim\n").modem().isEmpty());
    }

    @Test
    void theDefaultGatewayIsTheModemSoThePortIsRequired() {
        assertEquals("box.properties: modem.port: missing; it is required", problem(""));
    }

    @Test
    void modemKeysWithoutTheModemGatewayAreAnError() {
        assertEquals("box.properties: modem.port: set, but sms.gateways does not list modem; add modem there or"
                + " remove it", problem("sms.gateways=sim\nmodem.port=/dev/ttyUSB2\n"));
    }

    @Test
    void badValuesNameTheKeyAndTheReason() {
        String base = "sms.gateways=modem\nmodem.port=/dev/ttyUSB2\n";
        assertEquals("box.properties: modem.port: \"ttyUSB2\" is not an absolute device path such as /dev/ttyUSB2",
                problem("sms.gateways=modem\nmodem.port=ttyUSB2\n"));
        assertEquals("box.properties: modem.baud: 12345 is not one of [9600, 19200, 38400, 57600, 115200, 230400,"
                + " 460800, 921600]", problem(base + "modem.baud=12345\n"));
        assertEquals("box.properties: modem.commandTimeoutSeconds: 0 is out of range 1..60",
                problem(base + "modem.commandTimeoutSeconds=0\n"));
        assertEquals("box.properties: modem.sendTimeoutSeconds: must be at least modem.commandTimeoutSeconds",
                problem(base + "modem.commandTimeoutSeconds=30\nmodem.sendTimeoutSeconds=10\n"));
        assertEquals("box.properties: modem.charset: \"ucs2\" is not one of [gsm, ira]",
                problem(base + "modem.charset=ucs2\n"));
        assertEquals("box.properties: modem.bogus: unknown key (misspelt, or not for this version?)",
                problem(base + "modem.bogus=1\n"));
    }

    @Test
    void thePinFileMustExistBePrivateAndHoldAPin() throws Exception {
        String base = "sms.gateways=modem\nmodem.port=/dev/ttyUSB2\nmodem.pinFile=";
        Path missing = dir.resolve("nope");
        assertEquals("box.properties: modem.pinFile: " + missing + " is not a file", problem(base + missing));

        Path open = pinFile("2580", "rw-r--r--");
        assertEquals("box.properties: modem.pinFile: " + open + " can be read or written by others than its owner;"
                + " chmod 600 it", problem(base + open));

        Path notPin = pinFile("PIN=2580", "rw-------");
        String message = problem(base + notPin);
        assertEquals("box.properties: modem.pinFile: " + notPin + " does not hold a SIM PIN (4-8 digits)", message);
        assertFalse(message.contains("2580"), "the file's content never appears in a message");
    }
}
