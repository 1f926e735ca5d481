package org.smartbox.pickup;

import java.time.Duration;
import org.smartbox.auth.LockoutPolicy;

/** The numbers of SPEC §3-§8 that the pickup machine works with; each is a device setting. */
public record KioskSettings(
        String boxId,
        int slots,
        String countryCode,
        Duration codeLifetime,
        int codeMaxWrong,
        int codesPerWindow,
        Duration codeWindow,
        LockoutPolicy lockout,
        Duration idle,
        Duration takeTimeout,
        Duration returnTimeout,
        Duration latchTestPulse,
        String softwareVersion,
        int codeOnlyNeedsDigits) {

    /** The defaults of SPEC.md, for a box with the given id and slot count. */
    public static KioskSettings defaults(String boxId, int slots) {
        return new KioskSettings(boxId, slots, "1", Duration.ofSeconds(300), 3, 3, Duration.ofMinutes(15),
                new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15)),
                Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofSeconds(1),
                "dev", 0);
    }
}
