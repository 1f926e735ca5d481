package org.smartbox.hardware;

import java.util.OptionalInt;

/** The box's latches as the kiosk sees them: release one, hold one, hold all. */
public interface Latches {

    void release(int slot);

    void hold(int slot);

    /** Drives every latch to held: at start-up, at shutdown, and when anything goes wrong. */
    void holdAll();

    /** The slot whose latch is released now, if any. */
    OptionalInt released();
}
