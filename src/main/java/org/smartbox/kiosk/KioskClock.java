package org.smartbox.kiosk;

import org.smartbox.pickup.Moment;

/** Where the kiosk gets the time of each event: the system clock on the box, a virtual one in the simulator. */
public interface KioskClock {

    Moment now();
}
