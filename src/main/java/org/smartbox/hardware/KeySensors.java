package org.smartbox.hardware;

/** The key sensors: one per slot, true when a key fob is in the slot. */
public interface KeySensors {

    boolean present(int slot);

    /** Called (on any thread) whenever a sensor settles on a new reading. */
    void onChange(Listener listener);

    @FunctionalInterface
    interface Listener {
        void changed(int slot, boolean present);
    }
}
