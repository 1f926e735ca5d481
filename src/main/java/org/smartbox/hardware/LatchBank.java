package org.smartbox.hardware;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way to the latch outputs, and the place their safety rules live, below any software
 * that drives them: at most one latch is released at a time (releasing one holds the other first,
 * whichever header pin or expander each is on), and an independent guard drops a latch that has
 * stayed released longer than the maximum. A release the outputs do not confirm holds every latch
 * before the failure goes up. Thread-safe: the kiosk loop and the guard timer both call in.
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
        try {
            if (released != 0 && released != slot) {
                holdLocked(released);
            }
            driver.set(slot, true);
        } catch (RuntimeException e) {
            // The outputs did not do as told: nothing may stay released, whatever state they are in.
            LOG.error("latch {}: release failed ({}); holding every latch", slot, e.getMessage());
            holdAllLocked();
            throw e;
        }
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
        released = 0;
        cancelGuard();
        // Keeps going past a broken line: one must not leave the others released.
        driver.holdAll(slots);
    }

    private void holdAllLocked() {
        released = 0;
        cancelGuard();
        try {
            driver.holdAll(slots);
        } catch (RuntimeException again) {
            LOG.error("holding every latch failed too: {}", again.getMessage());
        }
    }

    @Override
    public synchronized OptionalInt released() {
        return released == 0 ? OptionalInt.empty() : OptionalInt.of(released);
    }

    private void holdLocked(int slot) {
        try {
            driver.set(slot, false);
        } catch (RuntimeException e) {
            holdAllLocked();
            throw e;
        }
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
