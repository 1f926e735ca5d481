package org.smartbox.hardware.pi4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;
import org.smartbox.hardware.ExpanderFault;
import org.smartbox.hardware.LatchBank;
import org.smartbox.hardware.ScheduledGuardTimer;

/** The 12-slot box's two MCP23017s on the mock platform's register models: set up, verified, and failing. */
class ExpanderBankTest {

    private static final HardwareConfig HW = DeviceConfig.from(ConfigFile.load(Path.of("device-config/bench-12.properties")))
            .hardware().orElseThrow();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private Context pi4j;
    private ScheduledGuardTimer guard;
    private ExpanderBank bank;
    private LatchBank latches;
    private final List<String> faults = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
        guard = new ScheduledGuardTimer();
        bank = new ExpanderBank(pi4j, HW.expanders().orElseThrow(), Duration.ofMillis(200));
        bank.onFault(faults::add);
        latches = new LatchBank(new GpioLatches(pi4j, HW.latchPins(), HW.releaseHigh(), Optional.of(bank)), 12,
                Duration.ofSeconds(45), guard);
    }

    @AfterEach
    void tearDown() {
        bank.close();
        guard.close();
        if (!pi4j.isShutdown()) {
            pi4j.shutdown();
        }
    }

    private MockMcp23017 chip(int index) {
        return pi4j.registry().get("mcp" + index, MockMcp23017.class);
    }

    private DigitalState reset() {
        return pi4j.registry().get("expander-reset", DigitalOutput.class).state();
    }

    /** The slots whose latch output a meter would see energized: driven by its chip, at the release level. */
    private List<Integer> energized() {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 1; slot <= 12; slot++) {
            PinRef.Expander pin = (PinRef.Expander) HW.latchPin(slot);
            MockMcp23017 chip = chip(pin.chip());
            if (chip.driving(pin.mask()) && chip.high(pin.mask()) == HW.releaseHigh()) {
                slots.add(slot);
            }
        }
        return slots;
    }

    private boolean anyPinDriven() {
        return chip(0).driving(0xFFFF) || chip(1).driving(0xFFFF);
    }

    @Test
    void theChipsStayInResetWithEveryPinFloatingUntilTheyAreSetUp() {
        assertEquals(DigitalState.LOW, reset());
        assertFalse(anyPinDriven(), "in reset nothing is driven: every latch driver's pull-down holds");
        bank.start();
        assertEquals(DigitalState.HIGH, reset());
        assertFalse(bank.faulty(), bank.describe());
        assertTrue(chip(0).driving(0x00FF) && chip(1).driving(0x000F), "latch pins are outputs now");
        assertEquals(List.of(), energized(), "and every latch rests held");
        assertFalse(chip(0).driving(0x7F00), "sensor pins stay inputs");
    }

    @Test
    void aReleaseIsDrivenOnItsChipAndReadBack() {
        bank.start();
        latches.release(10);
        assertEquals(List.of(10), energized());
        latches.hold(10);
        assertEquals(List.of(), energized());
    }

    @Test
    void oneLatchAtATimeAcrossChips() {
        bank.start();
        latches.release(3);
        latches.release(11);
        assertEquals(List.of(11), energized(), "releasing slot 11 on mcp1 held slot 3 on mcp0 first");
        latches.release(8);
        assertEquals(List.of(8), energized());
    }

    @Test
    void theGuardDropsALatchOnAnExpander() throws InterruptedException {
        LatchBank quick = new LatchBank(new GpioLatches(pi4j, HW.latchPins(), HW.releaseHigh(), Optional.of(bank)), 12,
                Duration.ofMillis(200), guard);
        BlockingQueue<Integer> dropped = new LinkedBlockingQueue<>();
        quick.onGuardDrop(dropped::add);
        bank.start();
        quick.release(12);
        assertEquals(12, dropped.poll(5, TimeUnit.SECONDS));
        assertEquals(List.of(), energized());
    }

    @Test
    void aChipThatStopsAnsweringHoldsEveryLatchThroughResetAndRefusesReleases() {
        bank.start();
        latches.release(2);
        chip(1).unplug(true);
        ExpanderFault fault = assertThrows(ExpanderFault.class, () -> latches.release(9));
        assertTrue(fault.getMessage().startsWith("mcp1 (I2C 0x21) does not answer"), fault.getMessage());
        assertEquals(DigitalState.LOW, reset(), "RESET pulled");
        assertFalse(anyPinDriven(), "every expander pin floats: every latch held, slot 2's too");
        assertTrue(bank.faulty());
        assertEquals(1, faults.size(), faults.toString());
        assertThrows(ExpanderFault.class, () -> latches.release(1), "nothing is released while faulty");
        latches.holdAll();   // holding still works: there is nothing to drive
        assertFalse(anyPinDriven());
    }

    @Test
    void aChipThatReadsBackWhatWasNotWrittenIsAFault() {
        bank.start();
        chip(0).misread(Mcp23017.OLAT, 0x0004);
        ExpanderFault fault = assertThrows(ExpanderFault.class, () -> latches.release(1));
        assertTrue(fault.getMessage().contains("OLAT reads"), fault.getMessage());
        assertFalse(anyPinDriven(), "held through RESET");
        assertEquals(List.of(), energized());
    }

    @Test
    void aChipResetByABrownOutIsFoundByTheSweepWithoutAnyWrite() {
        bank.start();
        chip(1).brownOut();
        await("the sweep finds mcp1 reset").atMost(WAIT).until(bank::faulty);
        assertTrue(faults.get(0).contains("mcp1"), faults.toString());
        assertEquals(DigitalState.LOW, reset());
    }

    @Test
    void aFaultyBankComesBackOnceEveryChipVerifiesAgain() {
        List<String> recovered = new CopyOnWriteArrayList<>();
        bank.onRecovered(() -> recovered.add("back"));
        bank.start();
        chip(0).unplug(true);
        assertThrows(ExpanderFault.class, () -> latches.release(4));
        chip(0).unplug(false);
        await("the retry brings the bank back").atMost(WAIT).until(() -> !recovered.isEmpty());
        assertFalse(bank.faulty());
        assertEquals(DigitalState.HIGH, reset());
        latches.release(4);
        assertEquals(List.of(4), energized());
    }

    @Test
    void aSensorOnAnExpanderIsReadWhenItsInterruptLineFalls() {
        bank.start();
        MockDigitalInput line = pi4j.registry().get("expander-int-27", MockDigitalInput.class);
        MockMcp23017.shareInterruptLine(line, List.of(chip(0), chip(1)));
        List<DigitalState> lineLevels = new CopyOnWriteArrayList<>();
        line.addListener(event -> lineLevels.add(event.state()));
        GpioKeySensors sensors = new GpioKeySensors(pi4j, HW.sensorPins(), HW.sensorPull(), HW.presentHigh(),
                Duration.ofMillis(5), Optional.of(bank));
        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        sensors.onChange((slot, present) -> changes.add(slot + (present ? " in" : " out")));
        sensors.start();
        try {
            PinRef.Expander nine = (PinRef.Expander) HW.sensorPin(9);
            assertTrue(sensors.present(9), "a switch closed to ground: a key is in");
            chip(1).drive(nine.mask(), true);
            await("slot 9 reported empty").atMost(WAIT).until(() -> changes.contains("9 out"));
            assertEquals(DigitalState.LOW, lineLevels.get(0), "the chip pulled the shared line: " + lineLevels);
            assertFalse(sensors.present(9));
            assertFalse(chip(1).interruptActive(), "reading the inputs cleared the interrupt");
            assertEquals(DigitalState.HIGH, line.state());
        } finally {
            sensors.close();
        }
    }

    @Test
    void aDeadProcessLeavesEveryExpanderLatchHeld() {
        bank.start();
        latches.release(6);
        assertEquals(List.of(6), energized());
        MockMcp23017 mcp0 = chip(0);
        MockMcp23017 mcp1 = chip(1);
        // What the kernel does to a dead process's lines, Pi4J's shutdown does here: RESET goes low.
        pi4j.shutdown();
        assertFalse(mcp0.driving(0xFFFF) || mcp1.driving(0xFFFF), "RESET low: the chips let go of every pin");
    }
}
