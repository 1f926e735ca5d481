package org.smartbox.hardware;

import org.smartbox.pickup.Frame;

/** The 20x4 character display. */
public interface Display {

    void show(Frame frame);
}
