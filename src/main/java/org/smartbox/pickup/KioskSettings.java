package org.smartbox.pickup;

import java.time.Duration;
import org.smartbox.auth.LockoutPolicy;

/**
 * The numbers of SPEC §3-§8 that the pickup machine works with, grouped as the config file groups
 * them; each is a device setting. The defaults of SPEC.md live here once, in each group's
 * {@code DEFAULTS}; a test changes one group with a {@code with...} method instead of repeating all.
 */
public record KioskSettings(Box box, Identify identify, CodeRules codes, LockoutPolicy lockout, Timeouts timeouts) {

    /** Which box this is: its id on the display and in the audit, its slot count, the software's version. */
    public record Box(String id, int slots, String softwareVersion) {
    }

    /**
     * How a typed entry names a person: the country code a 10-digit mobile number is read in, and
     * the account-code length below which a code never opens a slot alone (0 = off, issue 20).
     */
    public record Identify(String countryCode, int codeOnlyNeedsDigits) {
        public static final Identify DEFAULTS = new Identify("1", 0);
    }

    /** One-time codes (SPEC §5): how long one is valid, wrong tries per code, codes per window. */
    public record CodeRules(Duration lifetime, int maxWrong, int perWindow, Duration window) {
        public static final CodeRules DEFAULTS = new CodeRules(Duration.ofSeconds(300), 3, 3, Duration.ofMinutes(15));
    }

    /**
     * How long the box waits: for a key press before a session ends, for the key to be taken or
     * brought back once its latch is released, and how long a technician's latch test releases.
     */
    public record Timeouts(Duration idle, Duration take, Duration giveBack, Duration latchTestPulse) {
        public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(40), Duration.ofSeconds(1));
    }

    /** SPEC §6's lockout, as the defaults have it. */
    public static final LockoutPolicy LOCKOUT_DEFAULTS =
            new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15));

    /** The defaults of SPEC.md, for a box with the given id and slot count. */
    public static KioskSettings defaults(String boxId, int slots) {
        return new KioskSettings(new Box(boxId, slots, "dev"), Identify.DEFAULTS, CodeRules.DEFAULTS,
                LOCKOUT_DEFAULTS, Timeouts.DEFAULTS);
    }

    public KioskSettings withIdentify(Identify newIdentify) {
        return new KioskSettings(box, newIdentify, codes, lockout, timeouts);
    }

    public KioskSettings withCodes(CodeRules newCodes) {
        return new KioskSettings(box, identify, newCodes, lockout, timeouts);
    }

    public KioskSettings withLockout(LockoutPolicy newLockout) {
        return new KioskSettings(box, identify, codes, newLockout, timeouts);
    }

    public KioskSettings withTimeouts(Timeouts newTimeouts) {
        return new KioskSettings(box, identify, codes, lockout, newTimeouts);
    }
}
