package org.smartbox.cli;

import org.smartbox.config.ConfigException;
import org.smartbox.config.DeviceConfig;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.modem.ModemGateway;

/**
 * Builds the SMS gateways a device config names that are not simulated (the simulator makes its
 * own {@code sim}): at most one modem gateway, opened on first use. Closing closes them. Meant for
 * every command that runs a kiosk ({@code simulate}, {@code run}).
 */
final class SmsGateways implements AutoCloseable {

    private final DeviceConfig device;
    private ModemGateway modem;

    SmsGateways(DeviceConfig device) {
        this.device = device;
    }

    /** The gateway of a kind listed in {@code sms.gateways}. */
    synchronized SmsGateway create(String kind) {
        if (kind.equals("modem")) {
            if (modem == null) {
                modem = ModemGateway.open(device.modem().orElseThrow(() ->
                        new ConfigException(device.source(), "modem.port", "missing; it is required")));
            }
            return modem;
        }
        throw new ConfigException(device.source(), "sms.gateways", "\"" + kind
                + "\" needs its own config section, which this config does not have");
    }

    /** The modem's short status for the service menu ("-71 dBm reg"), or {@code otherwise} without one. */
    synchronized String modemSignal(String otherwise) {
        return modem != null ? modem.signalText() : otherwise;
    }

    @Override
    public synchronized void close() {
        if (modem != null) {
            modem.close();
        }
    }
}
