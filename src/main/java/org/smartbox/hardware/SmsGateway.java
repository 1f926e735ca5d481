package org.smartbox.hardware;

/** Something that sends an SMS: a modem, the cloud uplink, the simulator. */
public interface SmsGateway {

    /** A short name for logs and diagnostics ({@code modem}, {@code cloud}, {@code sim}). */
    String name();

    /**
     * Sends {@code text} to {@code e164}; returns the gateway's message reference once the message
     * was accepted. Blocks (with the gateway's own timeouts), so call it off the kiosk loop.
     */
    String send(String e164, String text) throws SmsException;
}
