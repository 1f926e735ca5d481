package org.smartbox.kiosk;

/**
 * A clock that moves only when told (the simulator's, the tests'), with timers of its own (the latch
 * guard's) that fire as it passes their due time. {@link KioskLoop#advance} steps the loop on it.
 */
public interface SteppedClock extends KioskClock {

    long mono();

    /** Moves the clock to {@code mono} (never backwards); due timers wait for {@link #fireDue()}. */
    void moveTo(long mono);

    /** The monotonic time of the next timer, or {@link Long#MAX_VALUE}. */
    long nextTimer();

    /** Runs the timers that are due. */
    void fireDue();
}
