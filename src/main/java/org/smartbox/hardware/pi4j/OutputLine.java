package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Optional;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;

/**
 * An on/off output (beeper, LED) on a header GPIO or an expander pin, created off. On a faulty
 * expander bank it stays off: the chips are in reset and their pins float.
 */
final class OutputLine {

    private final DigitalOutput header;
    private final PinRef.Expander pin;
    private final Optional<ExpanderBank> bank;
    private final boolean activeHigh;

    OutputLine(Context pi4j, String id, String name, HardwareConfig.Output config, Optional<ExpanderBank> bank) {
        this.activeHigh = config.activeHigh();
        this.bank = bank;
        if (config.pin() instanceof PinRef.Expander x) {
            if (bank.isEmpty()) {
                throw new org.smartbox.hardware.HardwareException(name + " (" + x + "): no expander bank");
            }
            this.pin = x;
            this.header = null;
        } else {
            int gpio = ((PinRef.Header) config.pin()).gpio();
            DigitalState off = activeHigh ? DigitalState.LOW : DigitalState.HIGH;
            this.pin = null;
            try {
                this.header = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).name(name).address(gpio)
                        .initial(off).shutdown(off).build());
            } catch (RuntimeException e) {
                throw Pi4jContexts.failure(name + " (GPIO " + gpio + ")", e);
            }
        }
    }

    void on(boolean on) {
        boolean high = on == activeHigh;
        if (header != null) {
            header.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } else if (!bank.orElseThrow().faulty()) {
            bank.orElseThrow().set(pin, high);
        }
    }
}
