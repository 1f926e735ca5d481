package org.smartbox.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.smartbox.sim.VirtualClock;

/** The latch rules that hold whatever the software above does (SPEC §8). */
class LatchBankTest {

    private final boolean[] energized = new boolean[13];
    private final List<String> changes = new ArrayList<>();
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final LatchBank bank = new LatchBank((slot, on) -> {
        energized[slot] = on;
        changes.add((on ? "UNLOCK " : "LOCK ") + slot);
    }, 12, Duration.ofSeconds(45), clock);

    private int released() {
        int count = 0;
        for (boolean e : energized) {
            count += e ? 1 : 0;
        }
        return count;
    }

    @Test
    void releasingASecondLatchHoldsTheFirstBeforehand() {
        bank.release(3);
        bank.release(5);
        assertEquals(List.of("UNLOCK 3", "LOCK 3", "UNLOCK 5"), changes);
        assertEquals(1, released());
        assertEquals(OptionalInt.of(5), bank.released());
    }

    @Test
    void theGuardDropsALatchTheLoopForgot() {
        List<Integer> dropped = new ArrayList<>();
        bank.onGuardDrop(dropped::add);
        bank.release(7);
        clock.moveTo(44_999);
        clock.fireDue();
        assertTrue(energized[7], "still released before the maximum");
        clock.moveTo(45_000);
        clock.fireDue();
        assertFalse(energized[7]);
        assertEquals(List.of(7), dropped, "the drop is reported, to be audited");
    }

    @Test
    void theGuardIsCalledOffWhenTheLatchIsHeldInTime() {
        List<Integer> dropped = new ArrayList<>();
        bank.onGuardDrop(dropped::add);
        bank.release(7);
        clock.moveTo(10_000);
        bank.hold(7);
        bank.release(7);
        clock.moveTo(54_999);
        clock.fireDue();
        assertTrue(dropped.isEmpty(), "the first release's guard was called off when it was held");
        clock.moveTo(55_000);
        clock.fireDue();
        assertEquals(List.of(7), dropped, "the second release is dropped 45 s after it");
        assertEquals(0, released());
    }

    @Test
    void holdAllDrivesEveryLineEvenWhenOneFails() {
        LatchBank flaky = new LatchBank((slot, on) -> {
            if (slot == 2) {
                throw new IllegalStateException("line 2 is broken");
            }
            energized[slot] = on;
        }, 12, Duration.ofSeconds(45), clock);
        for (int slot = 1; slot <= 12; slot++) {
            energized[slot] = true;
        }
        try {
            flaky.holdAll();
        } catch (IllegalStateException expected) {
            // reported after every other line was driven
        }
        for (int slot = 1; slot <= 12; slot++) {
            if (slot != 2) {
                assertFalse(energized[slot], "slot " + slot + " held");
            }
        }
    }
}
