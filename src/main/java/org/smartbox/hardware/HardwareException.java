package org.smartbox.hardware;

/** A part of the box cannot be reached or driven: a missing GPIO chip, a busy pin, no I2C bus. */
public class HardwareException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HardwareException(String message) {
        super(message);
    }

    public HardwareException(String message, Throwable cause) {
        super(message, cause);
    }
}
