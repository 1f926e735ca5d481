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
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Slots on MCP23017 expanders, the tamper switch, power lines, beeper and LED, as a technician configures them. */
class ExpanderConfigTest {

    private static String file(String name) throws IOException {
        return Files.readString(Path.of("device-config", name), StandardCharsets.UTF_8);
    }

    private static DeviceConfig load(String text) {
        return DeviceConfig.from(ConfigFile.parse("box.properties", new ByteArrayInputStream(
                text.getBytes(StandardCharsets.UTF_8))));
    }

    private static String problem(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).getMessage();
    }

    /** The 12-slot reference config with {@code key} set to {@code value} (null: removed). */
    private static String with(String key, String value) throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean found = false;
        for (String line : file("smartbox-12.properties").split("\n", -1)) {
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
    void theTwelveSlotReferenceBuildPutsItsSlotsOnTwoChips() throws IOException {
        HardwareConfig hw = load(file("smartbox-12.properties")).hardware().orElseThrow();
        assertEquals(new PinRef.Expander(0, 0, 0), hw.latchPin(1));
        assertEquals(new PinRef.Expander(1, 0, 3), hw.latchPin(12));
        assertEquals(new PinRef.Expander(1, 1, 4), hw.sensorPin(12));
        HardwareConfig.Expanders expanders = hw.expanders().orElseThrow();
        assertEquals(17, expanders.resetGpio());
        assertEquals(List.of("mcp0", "mcp1"), expanders.chips().stream().map(HardwareConfig.Chip::name).toList());
        HardwareConfig.Chip mcp0 = expanders.chips().get(0);
        assertEquals(0x20, mcp0.address());
        assertEquals(0x80FF, mcp0.outputs(), "A0-A7 latches, B7 the LED");
        assertEquals(0x7F00, mcp0.inputs(), "B0-B6 sensors");
        assertEquals(0x7F00, mcp0.pullUps());
        assertEquals(0, mcp0.restHigh(), "latches release on high, so they rest low");
        assertEquals(OptionalInt.of(27), mcp0.interruptGpio());
        assertTrue(hw.tamper().orElseThrow().outOfService());
        assertEquals(List.of("systemctl", "poweroff"), hw.power().orElseThrow().shutdownCommand());
        assertEquals(new PinRef.Expander(1, 0, 7), hw.beeper().orElseThrow().pin());
        assertEquals(HardwareConfig.Wake.EDGE, hw.keypad().wake());
    }

    @Test
    void theTwentyFourSlotVariantAndBothBenchConfigsLoad() throws IOException {
        HardwareConfig hw24 = load(file("smartbox-24.properties")).hardware().orElseThrow();
        assertEquals(24, hw24.latchPins().size());
        assertEquals(4, hw24.expanders().orElseThrow().chips().size());
        for (String bench : List.of("bench-12.properties", "bench-24.properties")) {
            DeviceConfig config = load(file(bench));
            assertEquals(HardwareConfig.Platform.MOCK, config.hardware().orElseThrow().platform(), bench);
            assertTrue(config.smsFile().isPresent(), bench);
        }
    }

    @Test
    void anExpanderPinUsedTwiceNamesBothKeys() throws IOException {
        assertEquals("box.properties: gpio.sensor.1: mcp0:A0 (the key sensor of slot 1) is already used by gpio.latch.1",
                problem(with("gpio.sensor.1", "mcp0:A0")));
    }

    @Test
    void expanderPinsThatDoNotExistAreRefused() throws IOException {
        assertEquals("box.properties: gpio.latch.3: there is no mcp8: expanders are mcp0-mcp7 (I2C address 0x20-0x27,"
                + " set by the chip's A2-A0 pins)", problem(with("gpio.latch.3", "mcp8:A2")));
        assertEquals("box.properties: gpio.latch.3: \"mcp0:A8\": an MCP23017 has pins A0-A7 and B0-B7",
                problem(with("gpio.latch.3", "mcp0:A8")));
        assertEquals("box.properties: gpio.latch.3: \"mcp0:C2\": an MCP23017 has pins A0-A7 and B0-B7",
                problem(with("gpio.latch.3", "mcp0:C2")));
    }

    @Test
    void aSensorOnAnOutputOnlyPinIsRefused() throws IOException {
        String message = problem(with("gpio.sensor.12", "mcp1:A7").replace("beeper.pin=mcp1:A7", "beeper.pin=mcp1:A6"));
        assertEquals("box.properties: gpio.sensor.12: mcp1:A7 cannot be an input: GPA7 and GPB7 are output-only on the"
                + " MCP23017 (current datasheet); put the key sensor of slot 12 on another pin, and a latch on this one",
                message);
    }

    @Test
    void aPullDownOnAnExpanderInputIsRefused() throws IOException {
        assertTrue(problem(with("gpio.sensor.pull", "down")).startsWith("box.properties: gpio.sensor.pull: down is not"
                + " possible for mcp0:B0 (gpio.sensor.1): an MCP23017 has pull-ups only"));
    }

    @Test
    void aChipWithInputsNeedsItsInterruptLine() throws IOException {
        assertEquals("box.properties: expander.mcp1.interrupt: missing; mcp1 has inputs (gpio.sensor.8): name the"
                + " header GPIO its INTA/INTB pins are wired to", problem(with("expander.mcp1.interrupt", null)));
    }

    @Test
    void expandersNeedTheirResetLine() throws IOException {
        assertEquals("box.properties: expander.reset: missing; the expanders' RESET line needs a pin: a GPIO (BCM"
                + " number) or an expander pin like mcp0:A0", problem(with("expander.reset", null)));
    }

    @Test
    void theInterruptLineIsSharedByChipsButByNothingElse() throws IOException {
        assertEquals("box.properties: expander.mcp0.interrupt: GPIO 22 (the interrupt line of mcp0) is already used by"
                + " tamper.pin", problem(with("expander.mcp0.interrupt", "22")));
    }

    @Test
    void anExpanderAtTheDisplaysAddressIsRefused() throws IOException {
        String text = with("gpio.latch.12", "mcp7:A0");
        assertEquals("box.properties: gpio.latch.12: mcp7 would answer at I2C address 0x27, where the display is"
                + " (display.i2c.address): use a PCF8574A backpack (0x3f) or another expander", problem(text));
        // With a PCF8574A backpack it is fine.
        load(text.replace("display.i2c.address=0x27", "display.i2c.address=0x3f"));
    }

    @Test
    void anInterruptKeyForAChipNothingUsesIsRefused() throws IOException {
        assertEquals("box.properties: expander.mcp5.interrupt: no pin is on mcp5",
                problem(with("expander.mcp5.interrupt", "5")));
    }

    @Test
    void optionalPartsWithoutTheirPinAreAHalfDoneEdit() throws IOException {
        assertEquals("box.properties: tamper.openLevel: needs tamper.pin", problem(with("tamper.pin", null)));
        assertEquals("box.properties: led.activeLevel: needs led.pin", problem(with("led.pin", null)));
    }

    @Test
    void theHeaderOnlyBuildStillNeedsNoExpander() throws IOException {
        HardwareConfig hw = load(Files.readString(Path.of("device-config/smartbox.properties"))).hardware().orElseThrow();
        assertTrue(hw.expanders().isEmpty());
        assertTrue(hw.tamper().isEmpty() && hw.power().isEmpty() && hw.beeper().isEmpty() && hw.led().isEmpty());
    }
}
