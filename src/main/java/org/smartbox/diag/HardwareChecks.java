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
import org.smartbox.config.PinRef;
import org.smartbox.hardware.LatchBank;
import org.smartbox.hardware.ScheduledGuardTimer;
import org.smartbox.hardware.pi4j.ExpanderBank;
import org.smartbox.hardware.pi4j.GpioKeySensors;
import org.smartbox.hardware.pi4j.GpioLatches;
import org.smartbox.hardware.pi4j.Hd44780Display;
import org.smartbox.hardware.pi4j.InputLines;
import org.smartbox.hardware.pi4j.MatrixKeypad;
import org.smartbox.text.Counted;

/**
 * Checks of the box's parts, on a Pi4J context the caller made (and shuts down): every GPIO line
 * claimable, the expanders set up and verified, each key sensor against what the database
 * believes, the tamper switch and power lines, the display answering, no stuck keypad key; and the
 * latch test. Only while the kiosk service is stopped: it owns the lines otherwise.
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
        Optional<ExpanderBank> expanders = Optional.empty();
        try {
            expanders = hw.expanders().map(config -> new ExpanderBank(pi4j, config));
            new GpioLatches(pi4j, hw.latchPins(), hw.releaseHigh(), expanders);
            expanders.ifPresent(ExpanderBank::start);
            sensors = new GpioKeySensors(pi4j, hw.sensorPins(), hw.sensorPull(), hw.presentHigh(), hw.sensorDebounce(),
                    expanders);
            keypad = new MatrixKeypad(pi4j, hw.keypad());
            long lines = hw.latchPins().stream().filter(p -> p instanceof PinRef.Header).count()
                    + hw.sensorPins().stream().filter(p -> p instanceof PinRef.Header).count()
                    + hw.keypad().rows().size() + hw.keypad().columns().size();
            results.add(CheckResult.ok("gpio", lines + " header lines claimed (latches held)"));
        } catch (RuntimeException e) {
            results.add(CheckResult.fail("gpio", e.getMessage(),
                    "another program holds the lines, or this user is not in the gpio group"));
            close(sensors, keypad);
            expanders.ifPresent(ExpanderBank::close);
            results.add(display(pi4j, hw));
            return results;
        }
        expanders.ifPresent(bank -> results.add(PartChecks.expanders(bank.describe(),
                Optional.ofNullable(bank.fault()))));
        results.add(sensors(sensors, slots, believed));
        results.addAll(optionalInputs(pi4j, hw, expanders));
        results.add(display(pi4j, hw));
        results.add(keypad(keypad));
        close(sensors, null);
        expanders.ifPresent(ExpanderBank::close);
        return results;
    }

    /** The tamper switch and the power lines, read once. */
    static List<CheckResult> optionalInputs(Context pi4j, HardwareConfig hw, Optional<ExpanderBank> expanders) {
        List<CheckResult> results = new ArrayList<>();
        hw.tamper().ifPresent(t -> {
            try (InputLines line = new InputLines(pi4j, "tamper", List.of("tamper"), List.of("tamper switch"),
                    List.of(t.open()), expanders, hw.sensorDebounce())) {
                results.add(PartChecks.tamper(line.active(1), t.outOfService()));
            } catch (RuntimeException e) {
                results.add(CheckResult.fail("tamper", e.getMessage(), "check tamper.pin and its wiring"));
            }
        });
        hw.power().ifPresent(p -> {
            List<HardwareConfig.Input> inputs = new ArrayList<>();
            p.mainsLost().ifPresent(inputs::add);
            p.batteryLow().ifPresent(inputs::add);
            List<String> ids = inputs.size() == 2 ? List.of("power-mains-lost", "power-battery-low")
                    : List.of(p.mainsLost().isPresent() ? "power-mains-lost" : "power-battery-low");
            try (InputLines lines = new InputLines(pi4j, "power", ids, ids, inputs, expanders, hw.sensorDebounce())) {
                boolean mains = p.mainsLost().isPresent();
                results.add(PartChecks.power(mains ? Optional.of(lines.active(1)) : Optional.empty(),
                        p.batteryLow().map(b -> lines.active(mains ? 2 : 1))));
            } catch (RuntimeException e) {
                results.add(CheckResult.fail("power", e.getMessage(), "check the power.* pins and their wiring"));
            }
        });
        return results;
    }

    /** How many differing slots the table names; {@code diag --json} lists every one. */
    static final int SENSOR_ROWS_NAMED = 3;

    static CheckResult sensors(GpioKeySensors sensors, int slots, Optional<Map<Integer, Boolean>> believed) {
        int keys = 0;
        for (int slot = 1; slot <= slots; slot++) {
            keys += sensors.present(slot) ? 1 : 0;
        }
        String held = keys + " of " + Counted.of(slots, "slot") + " hold a key";
        if (believed.isEmpty()) {
            return CheckResult.ok("sensors", held + " (no database to compare with)");
        }
        List<String> named = new ArrayList<>();
        List<Map<String, Object>> mismatches = new ArrayList<>();
        for (int slot = 1; slot <= slots; slot++) {
            boolean present = sensors.present(slot);
            Boolean expected = believed.get().get(slot);
            if (expected != null && expected != present || expected == null && present) {
                String believes = expected == null ? "no key assigned" : expected ? "a key" : "empty";
                mismatches.add(Map.of("slot", slot, "sensor", present ? "key" : "empty", "believed", believes));
                named.add("slot " + slot + (present ? " has a key" : " is empty")
                        + (expected == null ? " but no key is assigned" : ""));
            }
        }
        if (mismatches.isEmpty()) {
            return CheckResult.ok("sensors", held + ", as the box believes");
        }
        String value = named.size() <= SENSOR_ROWS_NAMED ? String.join(", ", named)
                : Counted.of(named.size(), "slot") + " differ: " + String.join(", ", named.subList(0, SENSOR_ROWS_NAMED))
                        + " and " + (named.size() - SENSOR_ROWS_NAMED) + " more (diag --json lists each)";
        return CheckResult.warn("sensors", value,
                "the box believes otherwise: check the slot, the sensor, or a key moved while the box was off")
                .withFigures(Map.of("slots", slots, "keysPresent", keys, "mismatches", mismatches));
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
        Optional<ExpanderBank> expanders = Optional.empty();
        try (ScheduledGuardTimer guard = new ScheduledGuardTimer()) {
            expanders = hw.expanders().map(config -> new ExpanderBank(pi4j, config));
            LatchBank bank = new LatchBank(new GpioLatches(pi4j, hw.latchPins(), hw.releaseHigh(), expanders), slots,
                    pulse.plusSeconds(2), guard);
            expanders.ifPresent(ExpanderBank::start);
            bank.holdAll();
            GpioKeySensors sensors = new GpioKeySensors(pi4j, hw.sensorPins(), hw.sensorPull(), hw.presentHigh(),
                    hw.sensorDebounce(), expanders);
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
        } finally {
            expanders.ifPresent(ExpanderBank::close);
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
