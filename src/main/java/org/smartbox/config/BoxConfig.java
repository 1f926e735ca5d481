package org.smartbox.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.pickup.KioskSettings;
import org.smartbox.sync.Ed25519Keys;

/**
 * The core settings of a box: identity, slots, the numbers of SPEC §3-§8, where its data lives and
 * which SMS gateways it uses. Each default is the SPEC's.
 */
public record BoxConfig(
        String boxId,
        int slots,
        String countryCode,
        Path dbFile,
        Optional<Path> secretFile,
        Duration codeLifetime,
        int codeMaxWrong,
        int codesPerWindow,
        Duration codeWindow,
        int lockoutFailures,
        int lockoutFailuresPerHour,
        Duration lockoutQuiet,
        Duration lockoutBase,
        Duration lockoutMax,
        Duration idle,
        Duration takeTimeout,
        Duration returnTimeout,
        Duration latchMaxReleased,
        Duration latchTestPulse,
        Optional<String> grantPublicKey,
        List<String> smsGateways,
        AccountCodeRules accountCodes) {

    /**
     * The operator's floor on account codes (issue 20): the shortest code a document may carry, the
     * length below which a code never opens a slot alone (0 = off), and the horizon of diag's check.
     */
    public record AccountCodeRules(int minDigits, int codeOnlyNeedsDigits, Duration strengthHorizon) {

        public static final AccountCodeRules DEFAULTS = new AccountCodeRules(4, 0, Duration.ofDays(365));

        static AccountCodeRules from(ConfigFile f) {
            return new AccountCodeRules(f.integer("identify.minAccountCodeDigits", 4, 4, 9),
                    f.integer("identify.codeOnlyNeedsDigits", 0, 0, 10),
                    Duration.ofDays(f.integer("diag.codeStrengthHorizonDays", 365, 1, 36_500)));
        }
    }

    /** Box ids appear in MQTT topics and file names: letters, digits, dash and underscore only. */
    private static final Pattern BOX_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern COUNTRY_CODE = Pattern.compile("[1-9][0-9]{0,2}");
    /** {@code file} appends messages to {@code sms.file}: for bench boxes only (see {@link SmsFileConfig}). */
    public static final List<String> GATEWAY_KINDS = List.of("sim", "modem", "cloud", "file");

    public static BoxConfig from(ConfigFile f) {
        String boxId = f.matching("box.id", null, BOX_ID, "1-32 letters, digits, - or _");
        int slots = f.integer("box.slots", 12, 1, 500);
        Duration idle = f.seconds("session.idleSeconds", 60, 5, 3600);
        Duration take = f.seconds("pickup.takeSeconds", 30, 5, 300);
        Duration put = f.seconds("return.putSeconds", 40, 5, 300);
        Duration maxReleased = f.seconds("latch.maxReleasedSeconds", 45, 2, 300);
        if (maxReleased.compareTo(take) < 0 || maxReleased.compareTo(put) < 0) {
            throw f.problem("latch.maxReleasedSeconds", "must be at least pickup.takeSeconds and return.putSeconds,"
                    + " or the guard would cut every pickup short");
        }
        Duration lockoutBase = f.seconds("lockout.baseSeconds", 60, 1, 86_400);
        Duration lockoutMax = f.seconds("lockout.maxSeconds", 900, 1, 86_400);
        if (lockoutMax.compareTo(lockoutBase) < 0) {
            throw f.problem("lockout.maxSeconds", "must be at least lockout.baseSeconds");
        }
        List<String> gateways = f.list("sms.gateways", List.of("modem"));
        if (gateways.isEmpty()) {
            throw f.problem("sms.gateways", "lists no gateway; codes could never be sent");
        }
        for (String gateway : gateways) {
            if (!GATEWAY_KINDS.contains(gateway)) {
                throw f.problem("sms.gateways", "\"" + gateway + "\" is not one of " + GATEWAY_KINDS);
            }
        }
        return new BoxConfig(
                boxId,
                slots,
                f.matching("phone.countryCode", "1", COUNTRY_CODE, "a country calling code of 1-3 digits"),
                f.path("db.file").orElse(Path.of("smartbox.db")),
                f.path("secret.file"),
                f.seconds("code.lifetimeSeconds", 300, 30, 3600),
                f.integer("code.maxWrong", 3, 1, 10),
                f.integer("code.perWindow", 3, 1, 100),
                Duration.ofMinutes(f.integer("code.windowMinutes", 15, 1, 1440)),
                f.integer("lockout.failures", 5, 1, 100),
                f.integer("lockout.failuresPerHour", LockoutPolicy.DEFAULT_FAILURES_PER_HOUR, 0, 10_000),
                Duration.ofMinutes(f.integer("lockout.quietMinutes", 10, 1, 1440)),
                lockoutBase,
                lockoutMax,
                idle,
                take,
                put,
                maxReleased,
                f.millis("latch.testPulseMillis", 1000, 100, 5000),
                grantKey(f),
                gateways,
                AccountCodeRules.from(f));
    }

    private static Optional<String> grantKey(ConfigFile f) {
        Optional<String> key = f.optional("grants.publicKey");
        try {
            key.ifPresent(Ed25519Keys::publicKey);
        } catch (IllegalArgumentException e) {
            throw f.problem("grants.publicKey", "not an Ed25519 public key (base64 of X.509 DER or of 32 raw bytes)");
        }
        return key;
    }

    /** The secret file: as configured, or beside the database ({@code box.db} → {@code box.secret}). */
    public Path secretPath(Path db) {
        if (secretFile.isPresent()) {
            return secretFile.get();
        }
        String name = db.getFileName().toString();
        String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        Path parent = db.toAbsolutePath().getParent();
        return parent.resolve(base + ".secret");
    }

    public KioskSettings kioskSettings(String softwareVersion) {
        return new KioskSettings(new KioskSettings.Box(boxId, slots, softwareVersion),
                new KioskSettings.Identify(countryCode, accountCodes.codeOnlyNeedsDigits()),
                new KioskSettings.CodeRules(codeLifetime, codeMaxWrong, codesPerWindow, codeWindow),
                new LockoutPolicy(lockoutFailures, lockoutQuiet, lockoutBase, lockoutMax, lockoutFailuresPerHour,
                        Duration.ofHours(1)),
                new KioskSettings.Timeouts(idle, takeTimeout, returnTimeout, latchTestPulse));
    }
}
