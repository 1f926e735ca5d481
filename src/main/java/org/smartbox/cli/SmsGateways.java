package org.smartbox.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.smartbox.config.ConfigException;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.ModemConfig;
import org.smartbox.fleet.FleetLink;
import org.smartbox.hardware.FileSmsGateway;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.modem.JsscModemPort;
import org.smartbox.modem.ModemGateway;

/**
 * Builds the SMS gateways a device config names that are not simulated (the simulator makes its
 * own {@code sim}): at most one modem gateway, whose serial port is opened only once {@link #start}
 * is called, after every latch is held (SPEC §8), or on its first message. Closing closes them. The one
 * place a modem adapter is made, for every command that runs a kiosk ({@code simulate}, {@code run}):
 * {@code create} per kind of {@code sms.gateways}, {@code modemSignal} for {@code Kiosk.Parts}.
 */
final class SmsGateways implements AutoCloseable {

    private final DeviceConfig device;
    private final Optional<FleetLink> link;
    private volatile ModemGateway modem;

    SmsGateways(DeviceConfig device, Optional<FleetLink> link) {
        this.device = device;
        this.link = link;
    }

    /** Every gateway of {@code sms.gateways}, in failover order, for a real (or bench) box. */
    List<SmsGateway> all() {
        List<SmsGateway> gateways = new ArrayList<>();
        for (String kind : device.box().smsGateways()) {
            gateways.add(create(kind));
        }
        return gateways;
    }

    /** The gateway of a kind listed in {@code sms.gateways}. */
    synchronized SmsGateway create(String kind) {
        switch (kind) {
            case "modem":
                if (modem == null) {
                    modem = modem(device.modem().orElseThrow(() ->
                            new ConfigException(device.source(), "modem.port", "missing; it is required")));
                }
                return modem;
            case "cloud":
                // DeviceConfig makes sure an mqtt section comes with the cloud gateway.
                return link.map(FleetLink::smsGateway).orElseThrow(() -> new ConfigException(device.source(),
                        "sms.gateways", "\"cloud\" sends through the fleet broker; set mqtt.broker"));
            case "file":
                return new FileSmsGateway(device.smsFile().orElseThrow().path(), Clock.systemUTC());
            case "sim":
                throw new ConfigException(device.source(), "sms.gateways",
                        "sim is the simulator's gateway; a box sends through modem or cloud (file on a bench box)");
            default:
                throw new ConfigException(device.source(), "sms.gateways", "\"" + kind
                        + "\" needs its own config section, which this config does not have");
        }
    }

    /** The modem gateway on its serial port through jssc; nothing is opened until {@link #start} or a message. */
    static ModemGateway modem(ModemConfig config) {
        return new ModemGateway(new JsscModemPort(config.port(), config.baud()), ModemGateway.Settings.of(config),
                System::nanoTime, Clock.systemUTC());
    }

    /**
     * Called once every latch is held: starts the modem's health monitor, which opens the modem in the
     * background (so the first code goes out at once) and reopens it after failures.
     */
    synchronized void start() {
        if (modem != null) {
            modem.startMonitor();
        }
    }

    /** The modem gateway, once built: its {@code health()} and {@code describe()} are for {@code smartbox diag}. */
    Optional<ModemGateway> modem() {
        return Optional.ofNullable(modem);
    }

    /**
     * The modem's short status for the service menu ("-71 dBm reg"), or {@code otherwise} without one.
     * Called on the kiosk loop: it reads the last health snapshot and never waits.
     */
    String modemSignal(String otherwise) {
        ModemGateway current = modem;
        return current != null ? current.signalText() : otherwise;
    }

    @Override
    public synchronized void close() {
        if (modem != null) {
            modem.close();
        }
    }
}
