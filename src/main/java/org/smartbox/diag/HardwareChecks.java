package org.smartbox.diag;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.LatchBank;
import org.smartbox.hardware.ScheduledGuardTimer;
import org.smartbox.hardware.pi4j.GpioKeySensors;
import org.smartbox.hardware.pi4j.GpioLatches;
import org.smartbox.hardware.pi4j.Hd44780Display;
import org.smartbox.hardware.pi4j.MatrixKeypad;

/**
 * Checks of the box's parts, on a Pi4J context the caller made (and shuts down): every GPIO line
 * claimable, each key sensor against what the database believes, the display answering, no stuck
 * keypad key; and the latch test. Only while the kiosk service is stopped: it owns the lines otherwise.
 */
public final class HardwareChecks {

    /** How long the keypad is watched for a key that reads pressed with nobody at it. */
    static final Duration KEYPAD_LISTEN = Duration.ofMillis(500);

    private HardwareChecks() {
    }

    /**
     * The checks, when the parts can be claimed; {@code believed}: slot to "the database says a key
     * is in", empty when there is no database to compare with.
     */
    public static List<CheckResult> run(Context pi4j, HardwareConfig hw, int slots,
                                        Optional<Map<Integer, Boolean>> believed) {
        List<CheckResult> results = new ArrayList<>();
        GpioKeySensors sensors = null;
        MatrixKeypad keypad = null;
        try {
            new GpioLatches(pi4j, hw.latchPins(), hw.releaseHigh());
            sensors = new GpioKeySensors(pi4j, hw.sensorPins(), hw.sensorPull(), hw.presentHigh(), hw.sensorDebounce());
            keypad = new MatrixKeypad(pi4j, hw.keypad());
            int lines = hw.latchPins().size() + hw.sensorPins().size() + hw.keypad().rows().size()
                    + hw.keypad().columns().size();
            results.add(CheckResult.ok("gpio", lines + " lines claimed (latches held)"));
        } catch (RuntimeException e) {
            results.add(CheckResult.fail("gpio", e.getMessage(),
                    "another program holds the lines, or this user is not in the gpio group"));
            close(sensors, keypad);
            results.add(display(pi4j, hw));
            return results;
        }
        results.add(sensors(sensors, slots, believed));
        results.add(display(pi4j, hw));
        results.add(keypad(keypad));
        close(sensors, null);
        return results;
    }

    static CheckResult sensors(GpioKeySensors sensors, int slots, Optional<Map<Integer, Boolean>> believed) {
        List<String> mismatches = new ArrayList<>();
        int keys = 0;
        for (int slot = 1; slot <= slots; slot++) {
            keys += sensors.present(slot) ? 1 : 0;
        }
        if (believed.isEmpty()) {
            return CheckResult.ok("sensors", keys + " of " + slots + " slots hold a key (no database to compare with)");
        }
        for (int slot = 1; slot <= slots; slot++) {
            boolean present = sensors.present(slot);
            Boolean expected = believed.get().get(slot);
            if (expected != null && expected != present) {
                mismatches.add(slot + (present ? " has a key" : " is empty"));
            } else if (expected == null && present) {
                mismatches.add(slot + " has a key but no key is assigned");
            }
        }
        if (!mismatches.isEmpty()) {
            return CheckResult.warn("sensors", "slot " + String.join(", slot ", mismatches),
                    "the box believes otherwise: check the slot, the sensor, or a key moved while the box was off");
        }
        return CheckResult.ok("sensors", keys + " of " + slots + " slots hold a key, as the box believes");
    }

    static CheckResult display(Context pi4j, HardwareConfig hw) {
        String where = String.format("I2C bus %d address 0x%02x", hw.display().bus(), hw.display().address());
        try {
            I2C device = Hd44780Display.open(pi4j, hw.display());
            Hd44780Display.probe(device, hw.display());
            return CheckResult.ok("display", "answers on " + where);
        } catch (RuntimeException e) {
            return CheckResult.fail("display", "no answer on " + where,
                    "check the 4 wires to the backpack, its address (i2cdetect -y 1) and that I2C is enabled");
        }
    }

    static CheckResult keypad(MatrixKeypad keypad) {
        Set<Character> pressed = new ConcurrentSkipListSet<>();
        keypad.start(pressed::add);
        try {
            Thread.sleep(KEYPAD_LISTEN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            keypad.close();
        }
        if (!pressed.isEmpty()) {
            return CheckResult.warn("keypad", "reads pressed: " + new TreeSet<>(pressed),
                    "a stuck key (or someone pressed it during the check): check the keypad and its cable");
        }
        return CheckResult.ok("keypad", "no key reads pressed");
    }

    /** Releases one latch for {@code pulse} and reports the sensor before and after. */
    public static CheckResult testLatch(Context pi4j, HardwareConfig hw, int slots, int slot, Duration pulse) {
        String name = "latch test " + slot;
        try (ScheduledGuardTimer guard = new ScheduledGuardTimer()) {
            LatchBank bank = new LatchBank(new GpioLatches(pi4j, hw.latchPins(), hw.releaseHigh()), slots,
                    pulse.plusSeconds(2), guard);
            bank.holdAll();
            GpioKeySensors sensors = new GpioKeySensors(pi4j, hw.sensorPins(), hw.sensorPull(), hw.presentHigh(),
                    hw.sensorDebounce());
            try {
                boolean before = sensors.present(slot);
                bank.release(slot);
                try {
                    Thread.sleep(pulse.toMillis());
                } finally {
                    bank.hold(slot);
                }
                sensors.start();
                Thread.sleep(hw.sensorDebounce().toMillis() + 50);
                boolean after = sensors.present(slot);
                return CheckResult.ok(name, "released " + pulse.toMillis() + " ms; sensor before: "
                        + (before ? "key" : "empty") + ", after: " + (after ? "key" : "empty"));
            } finally {
                sensors.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(name, "interrupted", "run it again");
        } catch (RuntimeException e) {
            return CheckResult.fail(name, e.getMessage(), "check the latch's driver stage and wiring");
        }
    }

    private static void close(GpioKeySensors sensors, MatrixKeypad keypad) {
        if (sensors != null) {
            sensors.close();
        }
        if (keypad != null) {
            keypad.close();
        }
    }
}
