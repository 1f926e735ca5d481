package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.smartbox.config.HardwareConfig;

/**
 * The world around a bench box on Pi4J's mock platform: the keypad's wiring (columns read high
 * through their pull-ups until a key joins one to a driven row), the key sensors a person fills and
 * empties, the latch outputs and the LCD as the I2C bytes draw it. The bench console and the tests
 * act on the box through it, as a person would on the real parts.
 */
public final class MockBench {

    private final Context pi4j;
    private final HardwareConfig hardware;
    private final int slots;
    private final KeypadMatrix keypad;

    /** Wires the keypad; call after the keypad's pins exist and before its scanner starts. */
    public MockBench(Context pi4j, HardwareConfig hardware, int slots) {
        this.pi4j = pi4j;
        this.hardware = hardware;
        this.slots = slots;
        HardwareConfig.Keypad keys = hardware.keypad();
        this.keypad = new KeypadMatrix(pi4j, keys.rows().size(), keys.columns().size(), keys.keys());
    }

    public KeypadMatrix keypad() {
        return keypad;
    }

    /**
     * Presses a key as a finger would: down until the scanner has seen it in a few full scans, then
     * up until the scanner rests again. False when the scanner did not see it in {@code patience}.
     */
    public boolean type(char key, Duration patience) {
        if (hardware.keypad().keys().indexOf(key) < 0) {
            return false;
        }
        long end = System.nanoTime() + patience.toNanos();
        keypad.press(key);
        int seen = keypad.scans() + hardware.keypad().stableScans() + 2;
        boolean read = waitFor(() -> keypad.scans() >= seen, end);
        keypad.release(key);
        return waitFor(keypad::scannerAtRest, end) && read;
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, long endNanos) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > endNanos) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** A key fob pulled out of ({@code present=false}) or pushed into a slot: its sensor follows. */
    public void sensor(int slot, boolean present) {
        DigitalState level = present == hardware.presentHigh() ? DigitalState.HIGH : DigitalState.LOW;
        pi4j.registry().get("sensor-" + slot, MockDigitalInput.class).mockState(level);
    }

    /** What each slot's sensor reads now: true for a key in the slot. */
    public List<Boolean> sensors() {
        List<Boolean> present = new ArrayList<>();
        for (int slot = 1; slot <= slots; slot++) {
            DigitalState level = pi4j.registry().get("sensor-" + slot, MockDigitalInput.class).state();
            present.add((level == DigitalState.HIGH) == hardware.presentHigh());
        }
        return present;
    }

    /** The slots whose latch output is driven to release now. */
    public List<Integer> released() {
        List<Integer> open = new ArrayList<>();
        for (int slot = 1; slot <= slots; slot++) {
            DigitalState level = pi4j.registry().get("latch-" + slot, DigitalOutput.class).state();
            if ((level == DigitalState.HIGH) == hardware.releaseHigh()) {
                open.add(slot);
            }
        }
        return open;
    }

    /** The display's four lines as the I2C bytes drew them. */
    public List<String> lcd() {
        return BenchI2CProvider.lcd(pi4j, "display").map(BenchI2CProvider.BenchLcd::screen)
                .orElse(List.of("(no display)"));
    }

    public int slots() {
        return slots;
    }
}
