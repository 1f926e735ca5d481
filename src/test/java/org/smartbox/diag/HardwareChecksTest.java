package org.smartbox.diag;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;
import org.smartbox.diag.CheckResult.Status;
import org.smartbox.hardware.pi4j.GpioKeySensors;
import org.smartbox.hardware.pi4j.KeypadMatrix;
import org.smartbox.hardware.pi4j.MatrixKeypad;
import org.smartbox.hardware.pi4j.Pi4jContexts;

/** The parts' checks on the Pi4J mock platform, each healthy and broken. */
class HardwareChecksTest {

    private static final DeviceConfig BENCH = DeviceConfig.from(ConfigFile.load(Path.of("device-config/bench.properties")));
    private static final HardwareConfig HW = BENCH.hardware().orElseThrow();
    private static final int SLOTS = BENCH.box().slots();

    private Context pi4j;

    @BeforeEach
    void platform() {
        pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private static Map<Integer, Boolean> allIn() {
        Map<Integer, Boolean> believed = new HashMap<>();
        for (int slot = 1; slot <= SLOTS; slot++) {
            believed.put(slot, true);
        }
        return believed;
    }

    private static CheckResult named(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void healthyBenchBoxPassesEveryPartCheck() {
        List<CheckResult> results = HardwareChecks.run(pi4j, HW, SLOTS, Optional.of(allIn()));
        assertEquals(List.of("gpio", "sensors", "display", "keypad"), results.stream().map(CheckResult::name).toList());
        results.forEach(r -> assertEquals(Status.OK, r.status(), r.toString()));
    }

    @Test
    void aLineAlreadyClaimedFailsTheGpioCheck() {
        pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("squatter").address(((PinRef.Header) HW.latchPins().get(0)).gpio())
                .initial(DigitalState.LOW).build());
        CheckResult gpio = named(HardwareChecks.run(pi4j, HW, SLOTS, Optional.of(allIn())), "gpio");
        assertEquals(Status.FAIL, gpio.status(), gpio.toString());
    }

    @Test
    void aSensorThatDisagreesWithTheDatabaseWarnsNamingTheSlot() {
        GpioKeySensors sensors = new GpioKeySensors(pi4j, HW.sensorPins(), HW.sensorPull(), HW.presentHigh(),
                Duration.ofMillis(1), Optional.empty());
        try {
            assertEquals(Status.OK, HardwareChecks.sensors(sensors, SLOTS, Optional.of(allIn())).status());
            sensors.start();
            pi4j.registry().get("sensor-3", MockDigitalInput.class)
                    .mockState(HW.presentHigh() ? DigitalState.LOW : DigitalState.HIGH);
            await("the sensor of slot 3 reads empty").atMost(Duration.ofSeconds(5)).until(() -> !sensors.present(3));
            CheckResult mismatch = HardwareChecks.sensors(sensors, SLOTS, Optional.of(allIn()));
            assertEquals(Status.WARN, mismatch.status(), mismatch.toString());
            assertEquals("slot 3 is empty", mismatch.value());
        } finally {
            sensors.close();
        }
    }

    @Test
    void manySensorsThatDisagreeAreSummarisedWithEverySlotInTheFigures() {
        GpioKeySensors sensors = new GpioKeySensors(pi4j, HW.sensorPins(), HW.sensorPull(), HW.presentHigh(),
                Duration.ofMillis(1), Optional.empty());
        try {
            sensors.start();
            for (int slot = 1; slot <= SLOTS; slot++) {
                pi4j.registry().get("sensor-" + slot, MockDigitalInput.class)
                        .mockState(HW.presentHigh() ? DigitalState.LOW : DigitalState.HIGH);
            }
            await("every sensor reads empty").atMost(Duration.ofSeconds(5))
                    .until(() -> java.util.stream.IntStream.rangeClosed(1, SLOTS).noneMatch(sensors::present));
            CheckResult mismatch = HardwareChecks.sensors(sensors, SLOTS, Optional.of(allIn()));
            assertEquals(Status.WARN, mismatch.status(), mismatch.toString());
            assertEquals(SLOTS + " slots differ: slot 1 is empty, slot 2 is empty, slot 3 is empty and " + (SLOTS - 3)
                    + " more (diag --json lists each)", mismatch.value());
            List<?> each = (List<?>) mismatch.figures().get("mismatches");
            assertEquals(SLOTS, each.size(), "the JSON names every slot that differs");
            assertEquals(Map.of("slot", SLOTS, "sensor", "empty", "believed", "a key"), each.get(SLOTS - 1));
        } finally {
            sensors.close();
        }
    }

    @Test
    void aStuckKeyWarns() {
        MatrixKeypad keypad = new MatrixKeypad(pi4j, HW.keypad());
        KeypadMatrix matrix = new KeypadMatrix(pi4j, HW.keypad().rows().size(), HW.keypad().columns().size(),
                HW.keypad().keys());
        matrix.press('5');
        CheckResult result = HardwareChecks.keypad(keypad);
        assertEquals(Status.WARN, result.status(), result.toString());
        assertTrue(result.value().contains("5"), result.value());
    }

    @Test
    void aQuietKeypadIsOk() {
        MatrixKeypad keypad = new MatrixKeypad(pi4j, HW.keypad());
        new KeypadMatrix(pi4j, HW.keypad().rows().size(), HW.keypad().columns().size(), HW.keypad().keys());
        assertEquals(Status.OK, HardwareChecks.keypad(keypad).status());
    }

    @Test
    void noI2cFailsTheDisplayCheck() {
        Context gpioOnly = com.pi4j.Pi4J.newContextBuilder()
                .add(com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider.newInstance())
                .build();
        try {
            CheckResult display = HardwareChecks.display(gpioOnly, HW);
            assertEquals(Status.FAIL, display.status(), display.toString());
        } finally {
            gpioOnly.shutdown();
        }
    }

    @Test
    void latchTestReleasesTheSlotForThePulseAndReportsTheSensor() {
        CheckResult result = HardwareChecks.testLatch(pi4j, HW, SLOTS, 2, Duration.ofMillis(200));
        assertEquals(Status.OK, result.status(), result.toString());
        assertTrue(result.value().startsWith("released 200 ms; sensor before: key, after: key"), result.value());
    }

    @Test
    void onTheTwelveSlotBoxDiagSetsUpAndVerifiesTheExpandersAndReadsTheDoorAndPower() {
        HardwareConfig hw12 = DeviceConfig.from(ConfigFile.load(Path.of("device-config/bench-12.properties")))
                .hardware().orElseThrow();
        List<CheckResult> results = HardwareChecks.run(pi4j, hw12, 12, Optional.empty());
        assertEquals(List.of("gpio", "expanders", "sensors", "tamper", "power", "display", "keypad"),
                results.stream().map(CheckResult::name).toList());
        results.forEach(r -> assertEquals(Status.OK, r.status(), r.toString()));
        assertEquals("mcp0 (I2C 0x20), mcp1 (I2C 0x21): outputs verified", named(results, "expanders").value());
    }
}
