package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;
import org.smartbox.hardware.LatchBank;
import org.smartbox.hardware.ScheduledGuardTimer;
import org.smartbox.hardware.pi4j.ExpanderBank;
import org.smartbox.hardware.pi4j.GpioLatches;
import org.smartbox.hardware.pi4j.MockMcp23017;
import org.smartbox.hardware.pi4j.Pi4jContexts;

/**
 * The latch safety rules with the slots on expanders (the 24-slot bench box: four MCP23017s) and
 * the chips failing under them. Random runs of releases, holds, hold-all, chips that stop
 * answering, read back wrong or reset by a brown-out, and come back; after every step, measured at
 * the chips' pins: never two latches energized at once whichever chips they are on, a release that
 * returned left exactly its own latch energized, a release that failed left none, and while the bank
 * is faulty no expander pin is driven at all.
 */
class ExpanderLatchPropertyTest {

    private static final HardwareConfig HW = DeviceConfig.from(ConfigFile.load(
            Path.of("device-config/bench-24.properties"))).hardware().orElseThrow();
    private static final int SLOTS = 24;

    /** One step: what, on which slot or chip. */
    record Step(int kind, int slot, int chip) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0, 1, 2 -> "release " + slot;
                case 3 -> "hold " + slot;
                case 4 -> "holdAll";
                case 5 -> "unplug mcp" + chip;
                case 6 -> "misread mcp" + chip;
                case 7 -> "brownOut mcp" + chip;
                default -> "heal mcp" + chip;
            };
        }
    }

    @Provide
    Arbitrary<List<Step>> runs() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(
                Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(30, 0), net.jqwik.api.Tuple.of(10, 3), net.jqwik.api.Tuple.of(3, 4),
                        net.jqwik.api.Tuple.of(2, 5), net.jqwik.api.Tuple.of(2, 6), net.jqwik.api.Tuple.of(2, 7),
                        net.jqwik.api.Tuple.of(6, 8)),
                Arbitraries.integers().between(1, SLOTS), Arbitraries.integers().between(0, 3)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 150)
    void latchesOnFailingExpandersAreNeverTwoAndNeverLeftReleased(@ForAll("runs") List<Step> run) {
        check(run);
    }

    @Property(tries = 3000)
    @AddLifecycleHook(Nightly.Only.class)
    void nightly(@ForAll("runs") List<Step> run) {
        check(run);
    }

    private static void check(List<Step> run) {
        Context pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
        ScheduledGuardTimer guard = new ScheduledGuardTimer();
        // Retries far in the future: a run decides itself when a chip is healed and the bank brought back.
        ExpanderBank bank = new ExpanderBank(pi4j, HW.expanders().orElseThrow(), Duration.ofHours(1));
        try {
            LatchBank latches = new LatchBank(new GpioLatches(pi4j, HW.latchPins(), HW.releaseHigh(),
                    Optional.of(bank)), SLOTS, Duration.ofSeconds(45), guard);
            bank.start();
            latches.holdAll();
            List<MockMcp23017> chips = new ArrayList<>();
            for (HardwareConfig.Chip chip : HW.expanders().orElseThrow().chips()) {
                chips.add(pi4j.registry().get(chip.name(), MockMcp23017.class));
            }
            List<String> done = new ArrayList<>();
            for (Step step : run) {
                done.add(step.toString());
                boolean threw = false;
                try {
                    switch (step.kind()) {
                        case 0, 1, 2 -> latches.release(step.slot());
                        case 3 -> latches.hold(step.slot());
                        case 4 -> latches.holdAll();
                        case 5 -> chips.get(step.chip()).unplug(true);
                        case 6 -> chips.get(step.chip()).misread(0x14, 1 << (step.slot() % 16));
                        case 7 -> chips.get(step.chip()).brownOut();
                        default -> {
                            chips.get(step.chip()).unplug(false);
                            chips.get(step.chip()).misread(0x14, 0);
                        }
                    }
                } catch (RuntimeException e) {
                    threw = true;
                }
                List<Integer> energized = energized(chips);
                assertTrue(energized.size() <= 1, "two latches energized after " + done + ": " + energized);
                if (step.kind() <= 2) {
                    assertEquals(threw ? List.of() : List.of(step.slot()), energized,
                            "after " + done + (threw ? " (the release failed)" : ""));
                }
                if (bank.faulty()) {
                    assertTrue(chips.stream().noneMatch(c -> c.driving(0xFFFF)),
                            "a faulty bank drives nothing, after " + done);
                }
                if (step.kind() == 8 && bank.faulty()) {
                    // A healed chip comes back when the whole bank verifies again, at the next retry.
                    bank.retryNow();
                }
            }
        } finally {
            bank.close();
            guard.close();
            pi4j.shutdown();
        }
    }

    /** Slots whose latch output a meter would show energized. */
    private static List<Integer> energized(List<MockMcp23017> chips) {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 1; slot <= SLOTS; slot++) {
            PinRef.Expander pin = (PinRef.Expander) HW.latchPin(slot);
            MockMcp23017 chip = chips.get(pin.chip());
            if (chip.driving(pin.mask()) && chip.high(pin.mask()) == HW.releaseHigh()) {
                slots.add(slot);
            }
        }
        return slots;
    }
}
