package org.smartbox.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a real box and the GPIO pins they hang on (BCM numbers): one latch output and one key
 * sensor input per slot, the keypad matrix, the I2C display. Present only when the config names a
 * {@code hardware.platform}; everything is checked here, before any pin is touched.
 */
public record HardwareConfig(
        Platform platform,
        List<Integer> latchPins,
        boolean releaseHigh,
        List<Integer> sensorPins,
        Pull sensorPull,
        boolean presentHigh,
        Duration sensorDebounce,
        Keypad keypad,
        Display display) {

    /** The lowest and highest GPIO on the 40-pin header (0 and 1 belong to the HAT ID EEPROM). */
    public static final int FIRST_GPIO = 2;
    public static final int LAST_GPIO = 27;

    /** Where the GPIO and I2C drivers come from: the Pi's kernel (gpiod, linuxfs) or Pi4J's mock plugin. */
    public enum Platform { GPIOD, MOCK }

    /** The pull resistor of an input. */
    public enum Pull { UP, DOWN, OFF }

    /** An electrical level. */
    public enum Level { HIGH, LOW }

    /**
     * The keypad matrix: rows are driven (low = selected), columns read with pull-ups. {@code keys}
     * lists the legends row by row, left to right.
     */
    public record Keypad(List<Integer> rows, List<Integer> columns, String keys, Duration scanInterval,
                         int stableScans) {

        public char key(int row, int column) {
            return keys.charAt(row * columns.size() + column);
        }
    }

    /**
     * The HD44780 20x4 display behind a PCF8574 backpack. {@code bits} holds the PCF8574 bit (P0-P7) of
     * RS, RW, E, backlight, D4, D5, D6 and D7, in that order.
     */
    public record Display(int bus, int address, List<Integer> bits, boolean backlight, Duration resync) {
    }

    static final String LAYOUT_4X4 = "123A456B789C*0#D";
    static final String LAYOUT_4X3 = "123456789*0#";
    private static final String KEY_LEGENDS = "0123456789*#ABCD";

    /** Reads the hardware section; empty when {@code hardware.platform} is not set (the simulator's config). */
    public static Optional<HardwareConfig> from(ConfigFile f, BoxConfig box) {
        Optional<String> platformValue = f.optional("hardware.platform");
        if (platformValue.isEmpty()) {
            for (String prefix : List.of("gpio.", "keypad.", "display.")) {
                Set<String> keys = f.keysStartingWith(prefix);
                if (!keys.isEmpty()) {
                    throw f.problem(keys.iterator().next(),
                            "hardware keys need hardware.platform (gpiod, or mock for a bench box)");
                }
            }
            return Optional.empty();
        }
        Platform platform = f.choice("hardware.platform", Platform.GPIOD, Platform.class);
        Pins pins = new Pins(f);

        Display display = display(f, pins);

        int slots = box.slots();
        noExtraSlots(f, "gpio.latch.", slots);
        noExtraSlots(f, "gpio.sensor.", slots);
        List<Integer> latches = new ArrayList<>();
        List<Integer> sensors = new ArrayList<>();
        for (int slot = 1; slot <= slots; slot++) {
            latches.add(pins.take("gpio.latch." + slot, "the latch of slot " + slot));
        }
        for (int slot = 1; slot <= slots; slot++) {
            sensors.add(pins.take("gpio.sensor." + slot, "the key sensor of slot " + slot));
        }
        boolean releaseHigh = f.choice("gpio.latch.releaseLevel", Level.HIGH, Level.class) == Level.HIGH;
        Pull pull = f.choice("gpio.sensor.pull", Pull.UP, Pull.class);
        boolean presentHigh = f.choice("gpio.sensor.presentLevel", Level.LOW, Level.class) == Level.HIGH;
        Duration debounce = f.millis("gpio.sensor.debounceMillis", 50, 5, 1000);

        Keypad keypad = keypad(f, pins);
        return Optional.of(new HardwareConfig(platform, List.copyOf(latches), releaseHigh, List.copyOf(sensors), pull,
                presentHigh, debounce, keypad, display));
    }

    /** The BCM pin of slot {@code slot}'s latch. */
    public int latchPin(int slot) {
        return latchPins.get(slot - 1);
    }

    public int sensorPin(int slot) {
        return sensorPins.get(slot - 1);
    }

    private static Display display(ConfigFile f, Pins pins) {
        int bus = f.integer("display.i2c.bus", 1, 0, 31);
        if (bus == 1) {
            // The Pi's I2C bus 1 lives on GPIO 2 (SDA) and GPIO 3 (SCL).
            pins.reserve(2, "display.i2c.bus (GPIO 2 is SDA of I2C bus 1)");
            pins.reserve(3, "display.i2c.bus (GPIO 3 is SCL of I2C bus 1)");
        }
        int address = i2cAddress(f, "display.i2c.address", 0x27);
        List<Integer> bits = f.list("display.pcf8574.bits", List.of("0", "1", "2", "3", "4", "5", "6", "7")).stream()
                .map(bit -> parseBit(f, bit)).toList();
        if (bits.size() != 8 || new HashSet<>(bits).size() != 8) {
            throw f.problem("display.pcf8574.bits", "needs 8 different bit numbers 0-7, for RS,RW,E,backlight,"
                    + "D4,D5,D6,D7");
        }
        boolean backlight = f.bool("display.backlight", true);
        Duration resync = f.seconds("display.resyncSeconds", 30, 0, 3600);
        return new Display(bus, address, bits, backlight, resync);
    }

    private static Keypad keypad(ConfigFile f, Pins pins) {
        String layout = f.string("keypad.layout", "4x4");
        int columnCount;
        String legends;
        switch (layout) {
            case "4x4":
                columnCount = 4;
                legends = LAYOUT_4X4;
                break;
            case "4x3":
                columnCount = 3;
                legends = LAYOUT_4X3;
                break;
            default:
                throw f.problem("keypad.layout", "\"" + layout + "\" is not 4x4 or 4x3");
        }
        List<Integer> rows = pinList(f, pins, "keypad.rows", 4, "row");
        List<Integer> columns = pinList(f, pins, "keypad.columns", columnCount, "column");
        String keys = f.string("keypad.keys", legends).replace(" ", "");
        if (keys.length() != 4 * columnCount) {
            throw f.problem("keypad.keys", "has " + keys.length() + " keys; a " + layout + " keypad has "
                    + 4 * columnCount);
        }
        Set<Character> seen = new HashSet<>();
        for (char c : keys.toCharArray()) {
            if (KEY_LEGENDS.indexOf(c) < 0) {
                throw f.problem("keypad.keys", "'" + c + "' is not a keypad key (0-9 * # A-D)");
            }
            if (!seen.add(c)) {
                throw f.problem("keypad.keys", "'" + c + "' appears twice");
            }
        }
        for (char needed : "0123456789*#".toCharArray()) {
            if (!seen.contains(needed)) {
                throw f.problem("keypad.keys", "has no '" + needed + "', which every flow needs");
            }
        }
        Duration scan = f.millis("keypad.scanMillis", 15, 10, 20);
        int stable = f.integer("keypad.stableScans", 3, 2, 10);
        return new Keypad(rows, columns, keys, scan, stable);
    }

    private static List<Integer> pinList(ConfigFile f, Pins pins, String key, int count, String what) {
        List<String> items = f.list(key, List.of());
        if (items.isEmpty()) {
            throw f.problem(key, "missing; list the " + count + " " + what + " pins (BCM numbers), comma-separated");
        }
        if (items.size() != count) {
            throw f.problem(key, "lists " + items.size() + " pins; this keypad layout has " + count + " " + what + "s");
        }
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            result.add(pins.claim(key, items.get(i), "keypad " + what + " " + (i + 1)));
        }
        return List.copyOf(result);
    }

    private static void noExtraSlots(ConfigFile f, String prefix, int slots) {
        for (String key : f.keysStartingWith(prefix)) {
            String suffix = key.substring(prefix.length());
            if (!suffix.isEmpty() && suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                int slot = Integer.parseInt(suffix.length() > 6 ? "999999" : suffix);
                if (slot < 1 || slot > slots) {
                    throw f.problem(key, "there is no slot " + suffix + " (box.slots is " + slots + ")");
                }
            }
        }
    }

    private static int parseBit(ConfigFile f, String value) {
        Integer bit = ConfigFile.asciiInteger(value, 10);
        if (bit != null && bit >= 0 && bit <= 7) {
            return bit;
        }
        throw f.problem("display.pcf8574.bits", "\"" + value + "\" is not a bit number 0-7");
    }

    private static int i2cAddress(ConfigFile f, String key, int fallback) {
        Optional<String> value = f.optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String text = value.get().toLowerCase(java.util.Locale.ROOT);
        boolean hex = text.startsWith("0x");
        Integer address = ConfigFile.asciiInteger(hex ? text.substring(2) : text, hex ? 16 : 10);
        if (address == null) {
            throw f.problem(key, "\"" + value.get() + "\" is not an I2C address like 0x27");
        }
        if (address < 0x03 || address > 0x77) {
            throw f.problem(key, value.get() + " is not a 7-bit I2C device address (0x03-0x77)");
        }
        return address;
    }

    /** Hands out header pins and refuses one used twice, naming the key that has it already. */
    private static final class Pins {
        private final ConfigFile f;
        private final Map<Integer, String> owners = new LinkedHashMap<>();

        Pins(ConfigFile f) {
            this.f = f;
        }

        void reserve(int pin, String owner) {
            owners.put(pin, owner);
        }

        int take(String key, String what) {
            String value = f.optional(key).orElseThrow(() -> f.problem(key, "missing; " + what
                    + " needs a GPIO pin (BCM number)"));
            return claim(key, value, what);
        }

        int claim(String key, String value, String what) {
            Integer parsed = ConfigFile.asciiInteger(value.strip(), 10);
            if (parsed == null) {
                throw f.problem(key, "\"" + value + "\" is not a GPIO number (BCM " + FIRST_GPIO + "-" + LAST_GPIO
                        + ")");
            }
            int pin = parsed;
            if (pin < FIRST_GPIO || pin > LAST_GPIO) {
                throw f.problem(key, "GPIO " + pin + " is not on the 40-pin header (BCM " + FIRST_GPIO + "-"
                        + LAST_GPIO + ")");
            }
            String owner = owners.putIfAbsent(pin, key);
            if (owner != null) {
                throw f.problem(key, "GPIO " + pin + " (" + what + ") is already used by " + owner);
            }
            return pin;
        }
    }
}
