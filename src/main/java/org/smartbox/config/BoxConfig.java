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
 * The core settings of a box: identity, slots, where its data lives, the numbers of SPEC §3-§8 (in
 * the pickup machine's own groups, whose {@code DEFAULTS} are the SPEC's and the config file's
 * defaults alike) and which SMS gateways it uses.
 */
public record BoxConfig(
        String boxId,
        int slots,
        Path dbFile,
        Optional<Path> secretFile,
        KioskSettings.Identify identify,
        KioskSettings.CodeRules codes,
        LockoutPolicy lockout,
        KioskSettings.Timeouts timeouts,
        Duration latchMaxReleased,
        Optional<String> grantPublicKey,
        List<String> smsGateways,
        AccountCodeRules accountCodes) {

    /**
     * The operator's floor on account codes (issue 20): the shortest code a document may carry and
     * the horizon of diag's code-strength check. (The length below which a code never opens a slot
     * alone is part of {@link KioskSettings.Identify}.)
     */
    public record AccountCodeRules(int minDigits, Duration strengthHorizon) {

        public static final AccountCodeRules DEFAULTS = new AccountCodeRules(4, Duration.ofDays(365));

        static AccountCodeRules from(ConfigFile f) {
            return new AccountCodeRules(f.integer("identify.minAccountCodeDigits", DEFAULTS.minDigits(), 4, 9),
                    Duration.ofDays(f.integer("diag.codeStrengthHorizonDays", (int) DEFAULTS.strengthHorizon().toDays(),
                            1, 36_500)));
        }
    }

    /** How long a latch may stay released before the guard drops it, whatever the session thinks. */
    public static final Duration LATCH_MAX_RELEASED = Duration.ofSeconds(45);
    public static final int SLOTS = 12;

    /** Box ids appear in MQTT topics and file names: letters, digits, dash and underscore only. */
    private static final Pattern BOX_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern COUNTRY_CODE = Pattern.compile("[1-9][0-9]{0,2}");
    /** {@code file} appends messages to {@code sms.file}: for bench boxes only (see {@link SmsFileConfig}). */
    public static final List<String> GATEWAY_KINDS = List.of("sim", "modem", "cloud", "file");

    public static BoxConfig from(ConfigFile f) {
        String boxId = f.matching("box.id", null, BOX_ID, "1-32 letters, digits, - or _");
        int slots = f.integer("box.slots", SLOTS, 1, 500);
        KioskSettings.Timeouts timeouts = timeouts(f);
        Duration maxReleased = f.seconds("latch.maxReleasedSeconds", LATCH_MAX_RELEASED.toSeconds(), 2, 300);
        if (maxReleased.compareTo(timeouts.take()) < 0 || maxReleased.compareTo(timeouts.giveBack()) < 0) {
            throw f.problem("latch.maxReleasedSeconds", "must be at least pickup.takeSeconds and return.putSeconds,"
                    + " or the guard would cut every pickup short");
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
                f.path("db.file").orElse(Path.of("smartbox.db")),
                f.path("secret.file"),
                identify(f),
                codes(f),
                lockout(f),
                timeouts,
                maxReleased,
                grantKey(f),
                gateways,
                AccountCodeRules.from(f));
    }

    private static KioskSettings.Identify identify(ConfigFile f) {
        KioskSettings.Identify d = KioskSettings.Identify.DEFAULTS;
        return new KioskSettings.Identify(
                f.matching("phone.countryCode", d.countryCode(), COUNTRY_CODE, "a country calling code of 1-3 digits"),
                f.integer("identify.codeOnlyNeedsDigits", d.codeOnlyNeedsDigits(), 0, 10));
    }

    private static KioskSettings.CodeRules codes(ConfigFile f) {
        KioskSettings.CodeRules d = KioskSettings.CodeRules.DEFAULTS;
        return new KioskSettings.CodeRules(
                f.seconds("code.lifetimeSeconds", d.lifetime().toSeconds(), 30, 3600),
                f.integer("code.maxWrong", d.maxWrong(), 1, 10),
                f.integer("code.perWindow", d.perWindow(), 1, 100),
                Duration.ofMinutes(f.integer("code.windowMinutes", (int) d.window().toMinutes(), 1, 1440)));
    }

    private static LockoutPolicy lockout(ConfigFile f) {
        LockoutPolicy d = KioskSettings.LOCKOUT_DEFAULTS;
        Duration base = f.seconds("lockout.baseSeconds", d.base().toSeconds(), 1, 86_400);
        Duration max = f.seconds("lockout.maxSeconds", d.max().toSeconds(), 1, 86_400);
        if (max.compareTo(base) < 0) {
            throw f.problem("lockout.maxSeconds", "must be at least lockout.baseSeconds");
        }
        return new LockoutPolicy(
                f.integer("lockout.failures", d.maxFailures(), 1, 100),
                Duration.ofMinutes(f.integer("lockout.quietMinutes", (int) d.quietReset().toMinutes(), 1, 1440)),
                base,
                max,
                f.integer("lockout.failuresPerHour", d.maxFailuresPerWindow(), 0, 10_000),
                d.window());
    }

    private static KioskSettings.Timeouts timeouts(ConfigFile f) {
        KioskSettings.Timeouts d = KioskSettings.Timeouts.DEFAULTS;
        return new KioskSettings.Timeouts(
                f.seconds("session.idleSeconds", d.idle().toSeconds(), 5, 3600),
                f.seconds("pickup.takeSeconds", d.take().toSeconds(), 5, 300),
                f.seconds("return.putSeconds", d.giveBack().toSeconds(), 5, 300),
                f.millis("latch.testPulseMillis", d.latchTestPulse().toMillis(), 100, 5000));
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
        return new KioskSettings(new KioskSettings.Box(boxId, slots, softwareVersion), identify, codes, lockout,
                timeouts);
    }
}
