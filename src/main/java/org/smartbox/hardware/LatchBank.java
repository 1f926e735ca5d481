package org.smartbox.hardware;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way to the latch outputs, and the place their safety rules live, below any software
 * that drives them: at most one latch is released at a time (releasing one holds the other first),
 * and an independent guard drops a latch that has stayed released longer than the maximum.
 * Thread-safe: the kiosk loop and the guard timer both call in.
 */
public final class LatchBank implements Latches {

    private static final Logger LOG = LoggerFactory.getLogger(LatchBank.class);

    private final LatchDriver driver;
    private final int slots;
    private final Duration maxReleased;
    private final GuardTimer timer;
    private volatile IntConsumer onGuardDrop = slot -> { };
    private int released;
    private GuardTimer.Cancellable guard;

    public LatchBank(LatchDriver driver, int slots, Duration maxReleased, GuardTimer timer) {
        this.driver = driver;
        this.slots = slots;
        this.maxReleased = maxReleased;
        this.timer = timer;
    }

    /** Told (on the guard's thread) which slot the guard dropped, so it can be audited. */
    public void onGuardDrop(IntConsumer listener) {
        this.onGuardDrop = listener;
    }

    public int slots() {
        return slots;
    }

    @Override
    public synchronized void release(int slot) {
        checkSlot(slot);
        if (released != 0 && released != slot) {
            holdLocked(released);
        }
        driver.set(slot, true);
        released = slot;
        cancelGuard();
        guard = timer.schedule(maxReleased, () -> guardFired(slot));
    }

    @Override
    public synchronized void hold(int slot) {
        checkSlot(slot);
        holdLocked(slot);
    }

    @Override
    public synchronized void holdAll() {
        RuntimeException first = null;
        for (int slot = 1; slot <= slots; slot++) {
            try {
                driver.set(slot, false);
            } catch (RuntimeException e) {
                // Keep going: one broken line must not leave the others released.
                LOG.error("latch {}: could not drive it to held: {}", slot, e.getMessage());
                first = first == null ? e : first;
            }
        }
        released = 0;
        cancelGuard();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public synchronized OptionalInt released() {
        return released == 0 ? OptionalInt.empty() : OptionalInt.of(released);
    }

    private void holdLocked(int slot) {
        driver.set(slot, false);
        if (released == slot) {
            released = 0;
            cancelGuard();
        }
    }

    private void guardFired(int slot) {
        synchronized (this) {
            if (released != slot) {
                return;
            }
            LOG.warn("latch {}: released longer than {} s; the guard holds it", slot, maxReleased.toSeconds());
            holdLocked(slot);
        }
        onGuardDrop.accept(slot);
    }

    private void cancelGuard() {
        if (guard != null) {
            guard.cancel();
            guard = null;
        }
    }

    private void checkSlot(int slot) {
        if (slot < 1 || slot > slots) {
            throw new IllegalArgumentException("no slot " + slot + " (1-" + slots + ")");
        }
    }
}
