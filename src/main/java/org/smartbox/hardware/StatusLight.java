package org.smartbox.hardware;

/** The status LED on the front: ready, busy with someone, or out of service. */
public interface StatusLight extends AutoCloseable {

    /** What the LED shows: steady on, slow blink, short flashes. Off means no power or no program. */
    enum Mode { READY, BUSY, OUT_OF_SERVICE }

    /** Shows the mode; returns at once. */
    void show(Mode mode);

    @Override
    void close();
}
