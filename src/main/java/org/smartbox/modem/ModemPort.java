package org.smartbox.modem;

import java.io.IOException;

/** Where a modem is attached: opens links to it. The real one is a serial port through jssc. */
public interface ModemPort {

    /** The device path, for messages ({@code /dev/ttyUSB2}). */
    String name();

    /** Whether the device node exists now (a USB modem re-enumerating is briefly absent). */
    boolean present();

    /**
     * Opens a link; {@code listener} receives the modem's bytes until the link fails or is closed.
     * The exception's message is a clear, loggable reason ("modem port /dev/ttyUSB2 is gone").
     */
    ModemLink open(ModemLink.Listener listener) throws IOException;
}
