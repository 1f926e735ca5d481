package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.PinRef;
import org.smartbox.hardware.HardwareException;
import org.smartbox.hardware.LatchDriver;

/**
 * One output per slot, on a header GPIO or an expander pin. A header line is requested already at
 * its held level and put back to held when Pi4J shuts down, so no latch moves while the outputs are
 * set up or torn down; an expander's outputs start at rest after its reset, every write is read
 * back, and a fault holds the whole bank through RESET. Driven only through
 * {@link org.smartbox.hardware.LatchBank}.
 */
public final class GpioLatches implements LatchDriver {

    private static final Logger LOG = LoggerFactory.getLogger(GpioLatches.class);

    private final DigitalOutput[] outputs;
    private final PinRef.Expander[] expanderPins;
    private final Optional<ExpanderBank> expanders;
    private final boolean releaseHigh;

    /** Header lines only: the BCM pin of each slot, slot 1 first. */
    public GpioLatches(Context pi4j, List<Integer> pins, boolean releaseHigh) {
        this(pi4j, pins.stream().<PinRef>map(PinRef.Header::new).toList(), releaseHigh, Optional.empty());
    }

    /**
     * @param pins        where each slot's latch output is, slot 1 first
     * @param releaseHigh true when a high level energizes (releases) the latch
     * @param expanders   the bank that drives expander pins; needed when any pin is on one
     */
    public GpioLatches(Context pi4j, List<PinRef> pins, boolean releaseHigh, Optional<ExpanderBank> expanders) {
        this.releaseHigh = releaseHigh;
        this.expanders = expanders;
        this.outputs = new DigitalOutput[pins.size() + 1];
        this.expanderPins = new PinRef.Expander[pins.size() + 1];
        DigitalState held = releaseHigh ? DigitalState.LOW : DigitalState.HIGH;
        for (int slot = 1; slot <= pins.size(); slot++) {
            PinRef pin = pins.get(slot - 1);
            if (pin instanceof PinRef.Expander x) {
                if (expanders.isEmpty()) {
                    throw new HardwareException("latch of slot " + slot + " (" + x + "): no expander bank");
                }
                expanderPins[slot] = x;
                continue;
            }
            int gpio = ((PinRef.Header) pin).gpio();
            try {
                outputs[slot] = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                        .id("latch-" + slot)
                        .name("latch of slot " + slot)
                        .address(gpio)
                        .initial(held)
                        .shutdown(held)
                        .build());
            } catch (RuntimeException e) {
                throw Pi4jContexts.failure("latch of slot " + slot + " (GPIO " + gpio + ")", e);
            }
        }
    }

    @Override
    public void set(int slot, boolean energized) {
        boolean high = energized == releaseHigh;
        if (expanderPins[slot] != null) {
            ExpanderBank bank = expanders.orElseThrow();
            if (!energized && bank.faulty()) {
                return;   // in reset: the pin floats and the driver's pull-down holds the latch
            }
            bank.set(expanderPins[slot], high);
        } else {
            outputs[slot].state(high ? DigitalState.HIGH : DigitalState.LOW);
        }
    }

    /** Header lines one by one, each expander's latches in one verified write; an expander failure resets them all. */
    @Override
    public void holdAll(int slots) {
        RuntimeException first = null;
        List<PinRef.Expander> onExpanders = new ArrayList<>();
        for (int slot = 1; slot <= slots; slot++) {
            if (expanderPins[slot] != null) {
                onExpanders.add(expanderPins[slot]);
                continue;
            }
            try {
                set(slot, false);
            } catch (RuntimeException e) {
                LOG.error("latch {}: could not drive it to held: {}", slot, e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (!onExpanders.isEmpty() && !expanders.orElseThrow().faulty()) {
            try {
                expanders.orElseThrow().set(onExpanders, Collections.nCopies(onExpanders.size(), !releaseHigh));
            } catch (RuntimeException e) {
                // The bank has already pulled RESET: every expander latch floats to held.
                LOG.error("expander latches: {}", e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
