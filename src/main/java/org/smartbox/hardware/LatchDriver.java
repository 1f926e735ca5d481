package org.smartbox.hardware;

/** The raw outputs behind the latches: one line per slot. Only {@link LatchBank} drives it. */
public interface LatchDriver {

    /** Energize (released) or de-energize (held) the latch of {@code slot}. */
    void set(int slot, boolean energized);
}
