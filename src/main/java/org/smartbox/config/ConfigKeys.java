package org.smartbox.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every key a device config may hold, in one list: {@link ConfigFile} refuses to read a key that is
 * not here, the config check suggests the nearest one for a misspelt key, and a test holds the list
 * against the config reference in {@code docs/}, so a new key cannot go undocumented.
 * {@code N} in a key stands for a slot number ({@code expander.mcpN.*}: a chip number, 0-7).
 */
public final class ConfigKeys {

    /** What stands for a slot number in {@link #ALL}. */
    public static final String SLOT = "N";

    public static final List<String> ALL = List.of(
            // identity and data
            "box.id", "box.slots", "phone.countryCode", "db.file", "secret.file",
            // one-time codes, lockout, timeouts
            "code.lifetimeSeconds", "code.maxWrong", "code.perWindow", "code.windowMinutes",
            "lockout.failures", "lockout.failuresPerHour", "lockout.quietMinutes", "lockout.baseSeconds",
            "lockout.maxSeconds",
            // account codes: the floor and the code-strength check (issue 20)
            "identify.minAccountCodeDigits", "identify.codeOnlyNeedsDigits", "diag.codeStrengthHorizonDays",
            "session.idleSeconds", "pickup.takeSeconds", "return.putSeconds", "latch.maxReleasedSeconds",
            "latch.testPulseMillis",
            // SMS, grants, logging
            "sms.gateways", "sms.file", "grants.publicKey", "log.level",
            // modem
            "modem.port", "modem.baud", "modem.pinFile", "modem.commandTimeoutSeconds", "modem.sendTimeoutSeconds",
            "modem.charset", "modem.healthSeconds",
            // fleet link
            "mqtt.broker", "mqtt.allowPlaintext", "mqtt.clientId", "mqtt.usernameFile", "mqtt.passwordFile",
            "mqtt.caFile", "mqtt.clientCertFile", "mqtt.clientKeyFile", "mqtt.keepAliveSeconds",
            "mqtt.connectTimeoutSeconds", "mqtt.reconnectMinSeconds", "mqtt.reconnectMaxSeconds", "mqtt.eventBatch",
            "mqtt.statusSeconds", "mqtt.smsAckSeconds", "mqtt.maxMessageBytes", "mqtt.partTimeoutSeconds",
            "mqtt.sessionExpirySeconds",
            // hardware
            "hardware.platform",
            "gpio.latch.N", "gpio.latch.releaseLevel", "gpio.sensor.N", "gpio.sensor.pull", "gpio.sensor.presentLevel",
            "gpio.sensor.debounceMillis",
            "keypad.layout", "keypad.rows", "keypad.columns", "keypad.keys", "keypad.scanMillis", "keypad.stableScans",
            "keypad.wake",
            "display.i2c.bus", "display.i2c.address", "display.pcf8574.bits", "display.backlight",
            "display.resyncSeconds",
            // expanders and the optional parts
            "expander.i2c.bus", "expander.reset", "expander.mcpN.interrupt",
            "tamper.pin", "tamper.pull", "tamper.openLevel", "tamper.outOfService",
            "power.mainsLost.pin", "power.mainsLost.level", "power.batteryLow.pin", "power.batteryLow.level",
            "power.pull", "power.shutdownCommand",
            "beeper.pin", "beeper.activeLevel", "led.pin", "led.activeLevel");

    /** An expander's own key: {@code expander.mcp3.interrupt} falls under {@code expander.mcpN.interrupt}. */
    private static final java.util.regex.Pattern CHIP_KEY = java.util.regex.Pattern.compile("(expander\\.mcp)[0-7](\\..+)");

    private ConfigKeys() {
    }

    /** True when {@code key} is in {@link #ALL}, a slot number standing for {@code N}. */
    public static boolean known(String key) {
        return ALL.contains(pattern(key));
    }

    /** The entry of {@link #ALL} a key falls under: {@code gpio.latch.3} → {@code gpio.latch.N}. */
    public static String pattern(String key) {
        java.util.regex.Matcher chip = CHIP_KEY.matcher(key);
        if (chip.matches() && ALL.contains(chip.group(1) + SLOT + chip.group(2))) {
            return chip.group(1) + SLOT + chip.group(2);
        }
        int dot = key.lastIndexOf('.');
        if (dot > 0 && dot < key.length() - 1 && key.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            String numbered = key.substring(0, dot + 1) + SLOT;
            if (ALL.contains(numbered)) {
                return numbered;
            }
        }
        return key;
    }

    /**
     * The known key {@code key} most likely meant: the same but for case, the same last part without
     * its section, or at most a couple of letters off (one for short keys). Empty when nothing is close.
     */
    public static Optional<String> closest(String key) {
        String wanted = key.strip().toLowerCase(Locale.ROOT);
        String digits = trailingNumber(wanted);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String entry : ALL) {
            String candidate = entry.endsWith("." + SLOT)
                    ? entry.substring(0, entry.length() - 1) + (digits.isEmpty() ? "1" : digits) : entry;
            String lower = candidate.toLowerCase(Locale.ROOT);
            if (lower.endsWith("." + wanted)) {
                return Optional.of(candidate);
            }
            int distance = distance(wanted, lower);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = Math.max(1, Math.min(3, wanted.length() / 6));
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    private static String trailingNumber(String key) {
        int i = key.length();
        while (i > 0 && Character.isDigit(key.charAt(i - 1))) {
            i--;
        }
        return key.substring(i);
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
