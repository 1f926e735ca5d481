package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.List;
import org.smartbox.hardware.LatchDriver;

/**
 * One Pi4J digital output per slot. Each line is requested already at its held level and is put
 * back to held when Pi4J shuts down, so no latch moves while the outputs are being set up or torn
 * down. Driven only through {@link org.smartbox.hardware.LatchBank}.
 */
public final class GpioLatches implements LatchDriver {

    private final DigitalOutput[] outputs;
    private final DigitalState released;
    private final DigitalState held;

    /**
     * @param pins        the BCM pin of each slot, slot 1 first
     * @param releaseHigh true when a high level energizes (releases) the latch
     */
    public GpioLatches(Context pi4j, List<Integer> pins, boolean releaseHigh) {
        this.released = releaseHigh ? DigitalState.HIGH : DigitalState.LOW;
        this.held = releaseHigh ? DigitalState.LOW : DigitalState.HIGH;
        this.outputs = new DigitalOutput[pins.size() + 1];
        for (int slot = 1; slot <= pins.size(); slot++) {
            int pin = pins.get(slot - 1);
            try {
                outputs[slot] = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                        .id("latch-" + slot)
                        .name("latch of slot " + slot)
                        .address(pin)
                        .initial(held)
                        .shutdown(held)
                        .build());
            } catch (RuntimeException e) {
                throw Pi4jContexts.failure("latch of slot " + slot + " (GPIO " + pin + ")", e);
            }
        }
    }

    @Override
    public void set(int slot, boolean energized) {
        outputs[slot].state(energized ? released : held);
    }
}
