package org.smartbox.sim;

/** The simulator cannot start: a bad file, a bad database. The message says which and why. */
public class SimulatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SimulatorException(String message) {
        super(message);
    }
}
