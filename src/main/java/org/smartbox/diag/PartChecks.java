package org.smartbox.diag;

import java.util.Optional;

/** Checks of the optional parts as the running box (or diag) reads them: expanders, tamper switch, power. */
public final class PartChecks {

    private PartChecks() {
    }

    /** {@code fault}: why the expanders are out of service, or empty when they verify. */
    public static CheckResult expanders(String described, Optional<String> fault) {
        if (fault.isPresent()) {
            return CheckResult.fail("expanders", fault.get(), "check the expanders' power, I2C wiring and RESET"
                    + " line (i2cdetect -y 1 shows 20-27); every latch is held and the box retries every 10 s");
        }
        return CheckResult.ok("expanders", described);
    }

    public static CheckResult tamper(boolean open, boolean stopsService) {
        if (!open) {
            return CheckResult.ok("tamper", "service door closed");
        }
        return CheckResult.warn("tamper", "service door open", stopsService
                ? "close it: the box serves nobody while it is open (tamper.outOfService)"
                : "close it when the work is done");
    }

    /** Each line is empty when the box has no such line. */
    public static CheckResult power(Optional<Boolean> mainsLost, Optional<Boolean> batteryLow) {
        if (batteryLow.orElse(false)) {
            return CheckResult.fail("power", "battery low", "restore mains power: the box shuts down to protect"
                    + " its data");
        }
        if (mainsLost.orElse(false)) {
            return CheckResult.warn("power", "on battery: mains lost", "check the mains supply; the box serves on"
                    + " until the battery runs low");
        }
        return CheckResult.ok("power", mainsLost.isPresent() ? "on mains" + (batteryLow.isPresent() ? ", battery ok"
                : "") : "battery ok");
    }
}
