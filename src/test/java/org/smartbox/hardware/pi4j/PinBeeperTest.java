package org.smartbox.hardware.pi4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;
import org.smartbox.hardware.Beeper;
import org.smartbox.hardware.StatusLight;

/** The beeper's and the LED's output lines, as a scope on the pin would see them. */
class PinBeeperTest {

    private final Context pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
    private final List<DigitalState> levels = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        pi4j.shutdown();
    }

    private long pulses() {
        long count = 0;
        for (int i = 1; i < levels.size(); i++) {
            if (levels.get(i - 1) == DigitalState.HIGH && levels.get(i) == DigitalState.LOW) {
                count++;
            }
        }
        return count;
    }

    @Test
    void eachPatternIsItsOwnNumberOfBeepsAndEveryKeyIsOne() {
        PinBeeper beeper = new PinBeeper(pi4j, new HardwareConfig.Output(new PinRef.Header(13), true), Optional.empty());
        pi4j.registry().get("beeper", DigitalOutput.class).addListener(event -> levels.add(event.state()));
        levels.add(DigitalState.LOW);
        try {
            beeper.play(Beeper.Pattern.KEY);
            await("one beep").atMost(Duration.ofSeconds(5)).until(() -> pulses() == 1);
            beeper.play(Beeper.Pattern.SUCCESS);
            await("two more").atMost(Duration.ofSeconds(5)).until(() -> pulses() == 3);
            beeper.play(Beeper.Pattern.LOCKOUT);
            await("three more").atMost(Duration.ofSeconds(5)).until(() -> pulses() == 6);
            beeper.play(Beeper.Pattern.ERROR);
            await("one long").atMost(Duration.ofSeconds(5)).until(() -> pulses() == 7);
        } finally {
            beeper.close();
        }
        assertEquals(DigitalState.LOW, pi4j.registry().get("beeper", DigitalOutput.class).state(), "silent at the end");
        assertEquals(PinBeeper.timing(Beeper.Pattern.KEY)[0], PinBeeper.KEY_MILLIS, "same length for every key");
    }

    @Test
    void theLedIsSteadyWhenReadyAndBlinksOtherwise() {
        PinStatusLight led = new PinStatusLight(pi4j, new HardwareConfig.Output(new PinRef.Header(19), true),
                Optional.empty());
        DigitalOutput pin = pi4j.registry().get("status-led", DigitalOutput.class);
        pin.addListener(event -> levels.add(event.state()));
        try {
            led.show(StatusLight.Mode.READY);
            await("lit").atMost(Duration.ofSeconds(5)).until(() -> pin.state() == DigitalState.HIGH);
            led.show(StatusLight.Mode.OUT_OF_SERVICE);
            await("flashing").atMost(Duration.ofSeconds(5)).until(() -> pulses() >= 2);
            led.show(StatusLight.Mode.READY);
            await("steady again").atMost(Duration.ofSeconds(5)).until(() -> pin.state() == DigitalState.HIGH);
        } finally {
            led.close();
        }
    }
}
