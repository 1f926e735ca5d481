package org.smartbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device config a technician writes: every mistake is one line naming the file, the key and the reason. */
class HardwareConfigTest {

    private static String reference() throws IOException {
        return Files.readString(Path.of("device-config/smartbox.properties"), StandardCharsets.UTF_8);
    }

    private static DeviceConfig load(String text) {
        return DeviceConfig.from(ConfigFile.parse("box.properties", new ByteArrayInputStream(
                text.getBytes(StandardCharsets.UTF_8))));
    }

    private static String problem(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).getMessage();
    }

    /** The reference config with {@code key} set to {@code value} (or removed, for null). */
    private static String with(String key, String value) throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean found = false;
        for (String line : reference().split("\n", -1)) {
            if (line.startsWith(key + "=")) {
                found = true;
                if (value != null) {
                    sb.append(key).append('=').append(value).append('\n');
                }
            } else {
                sb.append(line).append('\n');
            }
        }
        if (!found && value != null) {
            sb.append(key).append('=').append(value).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theReferenceBuildLoads() throws IOException {
        HardwareConfig hw = load(reference()).hardware().orElseThrow();
        assertEquals(HardwareConfig.Platform.GPIOD, hw.platform());
        assertEquals(17, hw.latchPin(1));
        assertEquals(21, hw.sensorPin(8));
        assertTrue(hw.releaseHigh());
        assertEquals(List.of(7, 8, 9, 10), hw.keypad().rows());
        assertEquals('D', hw.keypad().key(3, 3));
        assertEquals(0x27, hw.display().address());
    }

    @Test
    void theBenchBoxLoadsOnTheMockPlatformWithItsFileGateway() throws IOException {
        DeviceConfig bench = load(Files.readString(Path.of("device-config/bench.properties")));
        assertEquals(HardwareConfig.Platform.MOCK, bench.hardware().orElseThrow().platform());
        assertEquals(Path.of("smartbox-bench-sms.txt"), bench.smsFile().orElseThrow().path());
    }

    @Test
    void theSimulatorConfigHasNoHardware() throws IOException {
        assertTrue(load(Files.readString(Path.of("device-config/simulator.properties"))).hardware().isEmpty());
    }

    @Test
    void aMissingSlotPinIsNamed() throws IOException {
        assertEquals("box.properties: gpio.sensor.5: missing; the key sensor of slot 5 needs a GPIO pin (BCM number)",
                problem(with("gpio.sensor.5", null)));
    }

    @Test
    void moreSlotsThanPinsNamesTheFirstMissing() throws IOException {
        assertEquals("box.properties: gpio.latch.9: missing; the latch of slot 9 needs a GPIO pin (BCM number)",
                problem(with("box.slots", "9")));
    }

    @Test
    void aPinForASlotTheBoxDoesNotHave() throws IOException {
        assertEquals("box.properties: gpio.latch.9: there is no slot 9 (box.slots is 8)",
                problem(with("gpio.latch.9", "3")));
    }

    @Test
    void aPinUsedTwiceNamesBothKeys() throws IOException {
        assertEquals("box.properties: gpio.sensor.3: GPIO 17 (the key sensor of slot 3) is already used by gpio.latch.1",
                problem(with("gpio.sensor.3", "17")));
        assertEquals("box.properties: keypad.columns: GPIO 4 (keypad column 2) is already used by gpio.sensor.1",
                problem(with("keypad.columns", "11,4,15,18")));
    }

    @Test
    void theDisplaysI2cPinsAreTaken() throws IOException {
        assertEquals("box.properties: gpio.latch.2: GPIO 2 (the latch of slot 2) is already used by display.i2c.bus"
                + " (GPIO 2 is SDA of I2C bus 1)", problem(with("gpio.latch.2", "2")));
    }

    @Test
    void pinsOffTheHeaderAreRefused() throws IOException {
        assertEquals("box.properties: gpio.latch.4: GPIO 28 is not on the 40-pin header (BCM 2-27)",
                problem(with("gpio.latch.4", "28")));
        assertEquals("box.properties: gpio.latch.4: \"pin7\" is not a GPIO number (BCM 2-27)",
                problem(with("gpio.latch.4", "pin7")));
    }

    @Test
    void badValuesAreNamed() throws IOException {
        assertEquals("box.properties: hardware.platform: \"pigpio\" is not one of [gpiod, mock]",
                problem(with("hardware.platform", "pigpio")));
        assertEquals("box.properties: gpio.latch.releaseLevel: \"on\" is not one of [high, low]",
                problem(with("gpio.latch.releaseLevel", "on")));
        assertEquals("box.properties: keypad.columns: lists 3 pins; this keypad layout has 4 columns",
                problem(with("keypad.columns", "11,14,15")));
        assertEquals("box.properties: keypad.layout: \"3x4\" is not 4x4 or 4x3", problem(with("keypad.layout", "3x4")));
        assertEquals("box.properties: keypad.scanMillis: 50 is out of range 10..20", problem(with("keypad.scanMillis", "50")));
        assertEquals("box.properties: display.i2c.address: 0x80 is not a 7-bit I2C device address (0x03-0x77)",
                problem(with("display.i2c.address", "0x80")));
        assertEquals("box.properties: display.pcf8574.bits: needs 8 different bit numbers 0-7, for RS,RW,E,backlight,"
                + "D4,D5,D6,D7", problem(with("display.pcf8574.bits", "0,1,2,3,4,5,6,6")));
        assertEquals("box.properties: keypad.keys: 'A' appears twice", problem(with("keypad.keys", "123A456B789C*0AD")));
        assertEquals("box.properties: keypad.keys: has no '#', which every flow needs",
                problem(with("keypad.layout", "4x3").replace("keypad.columns=11,14,15,18", "keypad.columns=11,14,15")
                        + "keypad.keys=123456789*0A\n"));
    }

    @Test
    void aMisspeltHardwareKeyIsUnknown() throws IOException {
        assertEquals("box.properties: gpio.sensor.debounceMilis: unknown key; did you mean gpio.sensor.debounceMillis?",
                problem(with("gpio.sensor.debounceMilis", "50")));
    }

    @Test
    void hardwareKeysWithoutAPlatformAreRefused() throws IOException {
        assertEquals("box.properties: gpio.latch.1: hardware keys need hardware.platform (gpiod, or mock for a"
                + " bench box)", problem(with("hardware.platform", null)));
    }

    @Test
    void theFileGatewayIsForBenchBoxesOnly() throws IOException {
        String fileOnRealBox = with("sms.gateways", "file") + "sms.file=/tmp/codes.txt\n";
        assertEquals("box.properties: sms.gateways: file writes every code in clear to a file; it is only for bench"
                + " boxes with hardware.platform=mock", problem(fileOnRealBox));
        assertEquals("box.properties: sms.file: is set, but sms.gateways does not list file",
                problem(with("sms.file", "/tmp/codes.txt")));
    }
    @Test
    void aKeySetTwiceIsRefusedNamingIt() throws IOException {
        // Without this the last line wins, and the one a technician reads first may be the other.
        String twice = reference() + "\nbox.slots=4\n";
        assertEquals("box.properties: box.slots: set more than once; keep one line for it", problem(twice));
    }

    @Test
    void numbersInDigitsOfOtherScriptsAreNotNumbers() throws IOException {
        // Java's parseInt reads Arabic-Indic, Devanagari and full-width digits: "١٢" would be 12.
        assertEquals("box.properties: box.slots: \"\u0661\u0662\" is not a whole number (digits 0-9)",
                problem(with("box.slots", "\u0661\u0662")));
        assertTrue(problem(with("gpio.latch.1", "\u0967\u096d")).startsWith("box.properties: gpio.latch.1: "));
        assertTrue(problem(with("display.i2c.address", "0x\u0662\u0667"))
                .startsWith("box.properties: display.i2c.address: "));
        assertTrue(problem(with("display.pcf8574.bits", "0,1,2,3,4,5,6,\uff17"))
                .startsWith("box.properties: display.pcf8574.bits: "));
    }
}
