package org.smartbox.systemd;

/** Tells the service manager how the service is doing ({@code READY=1}, {@code WATCHDOG=1}, ...). */
@FunctionalInterface
public interface ServiceNotifier {

    /** Sends one notification; never throws: the box keeps running whatever the manager does. */
    void notify(String state);

    /** For a box not started by systemd. */
    static ServiceNotifier none() {
        return state -> { };
    }
}
