package org.smartbox.sim;

import org.smartbox.hardware.LatchDriver;

/** Simulated latch outputs: each change of a latch is an {@code UNLOCK n} or {@code LOCK n} line. */
public final class SimLatches implements LatchDriver {

    private final ProtocolOut out;
    private final boolean[] energized;

    public SimLatches(ProtocolOut out, int slots) {
        this.out = out;
        this.energized = new boolean[slots + 1];
    }

    @Override
    public synchronized void set(int slot, boolean on) {
        if (energized[slot] == on) {
            return;
        }
        energized[slot] = on;
        out.line((on ? "UNLOCK " : "LOCK ") + slot);
    }

    public synchronized boolean energized(int slot) {
        return energized[slot];
    }
}
