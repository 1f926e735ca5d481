package org.smartbox.sim;

import java.util.List;
import java.util.Set;
import org.smartbox.hardware.KeySensors;

/** Simulated key sensors, moved by the {@code take} and {@code put} commands. */
public final class SimKeySensors implements KeySensors {

    private final boolean[] present;
    private volatile Listener listener = (slot, value) -> { };

    public SimKeySensors(int slots) {
        this.present = new boolean[slots + 1];
    }

    /** The state at start: a key in each of {@code slotsWithKeys}, nothing elsewhere. No events. */
    public synchronized void startWith(Set<Integer> slotsWithKeys) {
        for (int slot = 1; slot < present.length; slot++) {
            present[slot] = slotsWithKeys.contains(slot);
        }
    }

    public int slots() {
        return present.length - 1;
    }

    @Override
    public synchronized boolean present(int slot) {
        return slot >= 1 && slot < present.length && present[slot];
    }

    /** A physical act on slot {@code slot}; false when the sensor already reads that. */
    public boolean set(int slot, boolean value) {
        synchronized (this) {
            if (present[slot] == value) {
                return false;
            }
            present[slot] = value;
        }
        listener.changed(slot, value);
        return true;
    }

    public synchronized List<Boolean> snapshot() {
        Boolean[] copy = new Boolean[present.length - 1];
        for (int i = 1; i < present.length; i++) {
            copy[i - 1] = present[i];
        }
        return List.of(copy);
    }

    @Override
    public void onChange(Listener newListener) {
        this.listener = newListener;
    }
}
