package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;
import org.smartbox.hardware.KeySensors;

/**
 * The key sensors, one debounced input per slot on a header GPIO or an expander pin (see
 * {@link InputLines}). Header inputs have the Pi4J ids {@code sensor-1} .. {@code sensor-N}.
 */
public final class GpioKeySensors implements KeySensors, AutoCloseable {

    private final InputLines lines;

    /** Header lines only: the BCM pin of each slot, slot 1 first. */
    public GpioKeySensors(Context pi4j, List<Integer> pins, HardwareConfig.Pull pull, boolean presentHigh,
                          Duration debounce) {
        this(pi4j, pins.stream().<PinRef>map(PinRef.Header::new).toList(), pull, presentHigh, debounce,
                Optional.empty());
    }

    /**
     * Claims the inputs and takes a first reading of every slot; no change is reported before
     * {@link #start()}.
     */
    public GpioKeySensors(Context pi4j, List<PinRef> pins, HardwareConfig.Pull pull, boolean presentHigh,
                          Duration debounce, Optional<ExpanderBank> expanders) {
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<HardwareConfig.Input> inputs = new ArrayList<>();
        for (int slot = 1; slot <= pins.size(); slot++) {
            ids.add("sensor-" + slot);
            names.add("key sensor of slot " + slot);
            inputs.add(new HardwareConfig.Input(pins.get(slot - 1), pull, presentHigh));
        }
        this.lines = new InputLines(pi4j, "key-sensors", ids, names, inputs, expanders, debounce);
    }

    public int slots() {
        return lines.size();
    }

    @Override
    public boolean present(int slot) {
        return lines.active(slot);
    }

    @Override
    public void onChange(Listener listener) {
        lines.onChange(listener::changed);
    }

    /** Starts watching: edges, expander interrupts, and the sweep, which also catches anything since the first reading. */
    public void start() {
        lines.start();
    }

    @Override
    public void close() {
        lines.close();
    }
}
