package org.smartbox.hardware.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.LatchBank;
import org.smartbox.hardware.ScheduledGuardTimer;

/** The latch outputs as a solenoid sees them: held unless the box means it, one at a time, never for long. */
class LatchSafetyTest {

    private static final List<Integer> PINS = List.of(17, 27, 22, 23, 24, 25, 16, 26);

    private Context pi4j;
    private ScheduledGuardTimer guard;

    @BeforeEach
    void setUp() {
        pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
        guard = new ScheduledGuardTimer();
    }

    @AfterEach
    void tearDown() {
        guard.close();
        if (!pi4j.isShutdown()) {
            pi4j.shutdown();
        }
    }

    private DigitalState pin(int slot) {
        return pi4j.registry().get("latch-" + slot, DigitalOutput.class).state();
    }

    private int releasedCount() {
        int released = 0;
        for (int slot = 1; slot <= PINS.size(); slot++) {
            released += pin(slot) == DigitalState.HIGH ? 1 : 0;
        }
        return released;
    }

    @Test
    void everyLatchIsHeldFromTheMomentItsOutputExists() {
        new GpioLatches(pi4j, PINS, true);
        for (int slot = 1; slot <= PINS.size(); slot++) {
            assertEquals(DigitalState.LOW, pin(slot), "slot " + slot);
        }
    }

    @Test
    void anActiveLowDriverIsHeldHigh() {
        LatchBank bank = new LatchBank(new GpioLatches(pi4j, PINS, false), PINS.size(), Duration.ofSeconds(45), guard);
        for (int slot = 1; slot <= PINS.size(); slot++) {
            assertEquals(DigitalState.HIGH, pin(slot), "slot " + slot);
        }
        bank.release(4);
        assertEquals(DigitalState.LOW, pin(4));
        bank.holdAll();
        assertEquals(DigitalState.HIGH, pin(4));
    }

    @Test
    void releasingASlotDrivesOnlyItsPin() {
        LatchBank bank = new LatchBank(new GpioLatches(pi4j, PINS, true), PINS.size(), Duration.ofSeconds(45), guard);
        bank.release(3);
        assertEquals(DigitalState.HIGH, pin(3));
        assertEquals(1, releasedCount());
        bank.hold(3);
        assertEquals(0, releasedCount());
    }

    @Test
    void neverTwoReleasedWhateverTheCallersDo() throws InterruptedException {
        LatchBank bank = new LatchBank(new GpioLatches(pi4j, PINS, true), PINS.size(), Duration.ofMillis(3), guard);
        AtomicInteger worst = new AtomicInteger();
        for (int slot = 1; slot <= PINS.size(); slot++) {
            pi4j.registry().get("latch-" + slot, DigitalOutput.class)
                    .addListener(event -> worst.accumulateAndGet(releasedCount(), Math::max));
        }
        Thread[] callers = new Thread[4];
        for (int t = 0; t < callers.length; t++) {
            long seed = t;
            callers[t] = new Thread(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < 2000; i++) {
                    int slot = 1 + random.nextInt(PINS.size());
                    switch (random.nextInt(4)) {
                        case 0, 1 -> bank.release(slot);
                        case 2 -> bank.hold(slot);
                        default -> bank.holdAll();
                    }
                }
            });
            callers[t].start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertEquals(1, worst.get(), "at most one latch released at any moment");
    }

    @Test
    void theGuardDropsALatchTheLoopForgot() throws InterruptedException {
        LatchBank bank = new LatchBank(new GpioLatches(pi4j, PINS, true), PINS.size(), Duration.ofMillis(300), guard);
        BlockingQueue<Integer> dropped = new LinkedBlockingQueue<>();
        bank.onGuardDrop(dropped::add);
        long start = System.nanoTime();
        bank.release(5);
        // Nobody holds it again: the guard must.
        Integer slot = dropped.poll(5, TimeUnit.SECONDS);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(5, slot, "the guard reports the slot, so it can be audited");
        assertEquals(DigitalState.LOW, pin(5));
        assertTrue(elapsedMillis >= 290, "not before the maximum: " + elapsedMillis + " ms");
        assertTrue(bank.released().isEmpty());
    }

    @Test
    void theGuardLeavesALatchHeldInTimeAlone() throws InterruptedException {
        LatchBank bank = new LatchBank(new GpioLatches(pi4j, PINS, true), PINS.size(), Duration.ofMillis(200), guard);
        BlockingQueue<Integer> dropped = new LinkedBlockingQueue<>();
        bank.onGuardDrop(dropped::add);
        bank.release(2);
        bank.hold(2);
        assertEquals(null, dropped.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void pi4jShutdownLeavesEveryLatchHeld() {
        LatchBank bank = new LatchBank(new GpioLatches(pi4j, PINS, true), PINS.size(), Duration.ofSeconds(45), guard);
        DigitalOutput six = pi4j.registry().get("latch-6", DigitalOutput.class);
        bank.release(6);
        pi4j.shutdown();
        assertEquals(DigitalState.LOW, six.state(), "Pi4J drives each latch output to held as it shuts down");
    }
}
