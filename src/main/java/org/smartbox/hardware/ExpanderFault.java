package org.smartbox.hardware;

/**
 * An I/O expander did not do what it was told: it stopped answering on I2C, or a register read back
 * other than what was written. The box holds every latch and goes out of service.
 */
public class ExpanderFault extends HardwareException {

    private static final long serialVersionUID = 1L;

    public ExpanderFault(String message) {
        super(message);
    }

    public ExpanderFault(String message, Throwable cause) {
        super(message, cause);
    }
}
