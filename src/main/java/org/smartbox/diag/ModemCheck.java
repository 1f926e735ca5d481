package org.smartbox.diag;

import org.smartbox.modem.ModemHealth;

/** The modem's health as a diagnostic verdict: port, answer, SIM, registration, signal. */
public final class ModemCheck {

    /** Below this the modem may register but messages fail now and then. */
    static final int WEAK_SIGNAL_DBM = -105;

    private ModemCheck() {
    }

    public static CheckResult of(ModemHealth health) {
        String value = health.shortText() + " (" + String.join("; ", health.describe()) + ")";
        if (!health.portPresent()) {
            return CheckResult.fail("modem", value, "no port " + health.port()
                    + ": check the USB cable and modem.port (ls /dev/ttyUSB*)");
        }
        if (health.state() == ModemHealth.State.DOWN || health.state() == ModemHealth.State.STARTING) {
            return CheckResult.fail("modem", value, "the modem does not answer: power-cycle it; codes go to the"
                    + " next gateway meanwhile");
        }
        if (health.sim() != ModemHealth.SimState.READY) {
            return CheckResult.fail("modem", value, "SIM: check it is seated, its PIN (modem.pinFile) or PUK");
        }
        if (!health.registration().registered()) {
            return CheckResult.warn("modem", value, "not on a network: check coverage and the antenna");
        }
        if (health.signalDbm().isPresent() && health.signalDbm().getAsInt() < WEAK_SIGNAL_DBM) {
            return CheckResult.warn("modem", value, "weak signal: move or replace the antenna");
        }
        return CheckResult.ok("modem", value);
    }
}
