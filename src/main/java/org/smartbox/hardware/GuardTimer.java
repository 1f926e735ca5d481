package org.smartbox.hardware;

import java.time.Duration;

/** A timer independent of the kiosk loop, so the latch guard fires even if the loop hangs. */
public interface GuardTimer {

    Cancellable schedule(Duration delay, Runnable action);

    /** A scheduled action that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
