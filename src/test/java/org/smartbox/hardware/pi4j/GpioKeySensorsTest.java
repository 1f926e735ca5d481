package org.smartbox.hardware.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartbox.config.HardwareConfig;

/** Key sensors on mock inputs: switches to ground that read low while a fob is in the slot. */
class GpioKeySensorsTest {

    private static final List<Integer> PINS = List.of(4, 5, 6, 12);

    private final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
    private Context pi4j;
    private GpioKeySensors sensors;

    @BeforeEach
    void setUp() {
        pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
    }

    @AfterEach
    void tearDown() {
        if (sensors != null) {
            sensors.close();
        }
        pi4j.shutdown();
    }

    private void start(boolean presentHigh) {
        sensors = new GpioKeySensors(pi4j, PINS, HardwareConfig.Pull.UP, presentHigh, Duration.ofMillis(40));
        sensors.onChange((slot, present) -> changes.add(slot + (present ? " in" : " out")));
        sensors.start();
    }

    private MockDigitalInput input(int slot) {
        return pi4j.registry().get("sensor-" + slot, MockDigitalInput.class);
    }

    @Test
    void aKeyTakenOutIsOneChange() throws InterruptedException {
        start(false);
        assertTrue(sensors.present(2), "mock inputs start low: a key in every slot");
        input(2).mockState(DigitalState.HIGH);
        assertEquals("2 out", changes.poll(2, TimeUnit.SECONDS));
        assertFalse(sensors.present(2));
        input(2).mockState(DigitalState.LOW);
        assertEquals("2 in", changes.poll(2, TimeUnit.SECONDS));
        assertNull(changes.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void aBouncingSwitchIsOneChangeOnceItIsStill() throws InterruptedException {
        start(false);
        for (int i = 0; i < 6; i++) {
            input(3).mockState(DigitalState.HIGH);
            input(3).mockState(DigitalState.LOW);
        }
        input(3).mockState(DigitalState.HIGH);
        assertEquals("3 out", changes.poll(2, TimeUnit.SECONDS));
        assertNull(changes.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void aGlitchShorterThanTheDebounceIsNoChange() throws InterruptedException {
        start(false);
        input(1).mockState(DigitalState.HIGH);
        input(1).mockState(DigitalState.LOW);
        assertNull(changes.poll(400, TimeUnit.MILLISECONDS));
        assertTrue(sensors.present(1));
    }

    @Test
    void sensorsThatReadHighForAKeyAreFollowed() throws InterruptedException {
        start(true);
        assertFalse(sensors.present(4), "low reads empty");
        input(4).mockState(DigitalState.HIGH);
        assertEquals("4 in", changes.poll(2, TimeUnit.SECONDS));
    }

    @Test
    void aChangeBeforeStartIsReportedAtStart() throws InterruptedException {
        sensors = new GpioKeySensors(pi4j, PINS, HardwareConfig.Pull.UP, false, Duration.ofMillis(40));
        sensors.onChange((slot, present) -> changes.add(slot + (present ? " in" : " out")));
        input(3).mockState(DigitalState.HIGH);
        assertNull(changes.poll(200, TimeUnit.MILLISECONDS), "nothing before start");
        sensors.start();
        assertEquals("3 out", changes.poll(3, TimeUnit.SECONDS));
    }
}
