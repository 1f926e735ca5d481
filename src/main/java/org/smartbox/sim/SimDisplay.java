package org.smartbox.sim;

import org.smartbox.hardware.Display;
import org.smartbox.pickup.Frame;

/** The simulated display: each new frame is a {@code DISPLAY l1|l2|l3|l4} line. */
public final class SimDisplay implements Display {

    private final ProtocolOut out;
    private volatile Frame current = Frame.of();

    public SimDisplay(ProtocolOut out) {
        this.out = out;
    }

    @Override
    public void show(Frame frame) {
        current = frame;
        out.line("DISPLAY " + frame.joined());
    }

    public Frame current() {
        return current;
    }
}
