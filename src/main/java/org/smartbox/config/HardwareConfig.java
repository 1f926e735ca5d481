package org.smartbox.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a real box and the pins they hang on: one latch output and one key sensor input per
 * slot (a header GPIO by BCM number, or a pin of an MCP23017 expander such as {@code mcp0:A0}), the
 * keypad matrix, the I2C display, and the optional tamper switch, power-fail lines, beeper and
 * status LED. Present only when the config names a {@code hardware.platform}; everything is checked
 * here, before any pin is touched.
 */
public record HardwareConfig(
        Platform platform,
        List<PinRef> latchPins,
        boolean releaseHigh,
        List<PinRef> sensorPins,
        Pull sensorPull,
        boolean presentHigh,
        Duration sensorDebounce,
        Keypad keypad,
        Display display,
        Optional<Expanders> expanders,
        Optional<Tamper> tamper,
        Optional<Power> power,
        Optional<Output> beeper,
        Optional<Output> led) {

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
     * How the keypad scanner waits while no key is down: {@code EDGE} sleeps until a column falls
     * (an edge event from the GPIO driver), {@code POLL} reads the columns every scan period.
     */
    public enum Wake { EDGE, POLL }

    /**
     * The keypad matrix: rows are driven (low = selected), columns read with pull-ups. {@code keys}
     * lists the legends row by row, left to right.
     */
    public record Keypad(List<Integer> rows, List<Integer> columns, String keys, Duration scanInterval,
                         int stableScans, Wake wake) {

        public Keypad(List<Integer> rows, List<Integer> columns, String keys, Duration scanInterval, int stableScans) {
            this(rows, columns, keys, scanInterval, stableScans, Wake.EDGE);
        }

        public char key(int row, int column) {
            return keys.charAt(row * columns.size() + column);
        }
    }

    /**
     * The MCP23017 expanders on one I2C bus, their shared RESET line (a header GPIO the box drives
     * high while it runs; a pull-down resets every chip, so all their pins float, when the process
     * lets go of it) and each chip's pin use.
     */
    public record Expanders(int bus, int resetGpio, List<Chip> chips) {
    }

    /**
     * One MCP23017: {@code index} 0-7 at address 0x20 + index; masks in the chip's 16-bit view (GPA
     * low byte, GPB high byte): which pins are outputs, which inputs, which inputs get the chip's
     * pull-up, and which outputs rest high. {@code interruptGpio}: the header GPIO its INTA/INTB
     * (mirrored, open-drain) go to, required when it has inputs; chips may share one.
     */
    public record Chip(int index, int address, int outputs, int inputs, int pullUps, int restHigh,
                       OptionalInt interruptGpio) {
        public String name() {
            return "mcp" + index;
        }
    }

    /** An input line other than a key sensor: where it is, its pull, and the level that means "active". */
    public record Input(PinRef pin, Pull pull, boolean activeHigh) {
    }

    /** An output that is on or off (beeper, LED): where it is and the level that switches it on. */
    public record Output(PinRef pin, boolean activeHigh) {
    }

    /** The enclosure's tamper switch: active = the door or back plate is open. */
    public record Tamper(Input open, boolean outOfService) {
    }

    /**
     * A UPS or battery HAT's status lines: mains lost (the box runs on battery), battery low (shut
     * down now). {@code shutdownCommand} asks the system for a clean power-off.
     */
    public record Power(Optional<Input> mainsLost, Optional<Input> batteryLow, List<String> shutdownCommand) {
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
            for (String prefix : List.of("gpio.", "keypad.", "display.", "expander.", "tamper.", "power.", "beeper.",
                    "led.")) {
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
        boolean releaseHigh = f.choice("gpio.latch.releaseLevel", Level.HIGH, Level.class) == Level.HIGH;
        Pull pull = f.choice("gpio.sensor.pull", Pull.UP, Pull.class);
        boolean presentHigh = f.choice("gpio.sensor.presentLevel", Level.LOW, Level.class) == Level.HIGH;
        Duration debounce = f.millis("gpio.sensor.debounceMillis", 50, 5, 1000);
        List<PinRef> latches = new ArrayList<>();
        List<PinRef> sensors = new ArrayList<>();
        for (int slot = 1; slot <= slots; slot++) {
            latches.add(pins.output("gpio.latch." + slot, "the latch of slot " + slot, !releaseHigh));
        }
        for (int slot = 1; slot <= slots; slot++) {
            sensors.add(pins.input("gpio.sensor." + slot, "the key sensor of slot " + slot, pull, "gpio.sensor.pull"));
        }

        Keypad keypad = keypad(f, pins);
        Optional<Tamper> tamper = tamper(f, pins);
        Optional<Power> power = power(f, pins);
        Optional<Output> beeper = output(f, pins, "beeper", "the beeper");
        Optional<Output> led = output(f, pins, "led", "the status LED");
        Optional<Expanders> expanders = pins.expanders(display);
        return Optional.of(new HardwareConfig(platform, List.copyOf(latches), releaseHigh, List.copyOf(sensors), pull,
                presentHigh, debounce, keypad, display, expanders, tamper, power, beeper, led));
    }

    /** Where slot {@code slot}'s latch output is. */
    public PinRef latchPin(int slot) {
        return latchPins.get(slot - 1);
    }

    public PinRef sensorPin(int slot) {
        return sensorPins.get(slot - 1);
    }

    /** True when some slot's latch or sensor, or another part, is on an MCP23017. */
    public boolean usesExpanders() {
        return expanders.isPresent();
    }

    private static Optional<Tamper> tamper(ConfigFile f, Pins pins) {
        Optional<String> pin = f.optional("tamper.pin");
        if (pin.isEmpty()) {
            noneWithout(f, "tamper.", "tamper.pin");
            return Optional.empty();
        }
        Pull pull = f.choice("tamper.pull", Pull.UP, Pull.class);
        boolean openHigh = f.choice("tamper.openLevel", Level.HIGH, Level.class) == Level.HIGH;
        boolean outOfService = f.bool("tamper.outOfService", true);
        PinRef ref = pins.input("tamper.pin", "the tamper switch", pull, "tamper.pull");
        return Optional.of(new Tamper(new Input(ref, pull, openHigh), outOfService));
    }

    private static Optional<Power> power(ConfigFile f, Pins pins) {
        Optional<String> mains = f.optional("power.mainsLost.pin");
        Optional<String> battery = f.optional("power.batteryLow.pin");
        if (mains.isEmpty() && battery.isEmpty()) {
            noneWithout(f, "power.", "power.mainsLost.pin or power.batteryLow.pin");
            return Optional.empty();
        }
        Pull pull = f.choice("power.pull", Pull.UP, Pull.class);
        Optional<Input> mainsLost = Optional.empty();
        Optional<Input> batteryLow = Optional.empty();
        if (mains.isPresent()) {
            boolean high = f.choice("power.mainsLost.level", Level.LOW, Level.class) == Level.HIGH;
            mainsLost = Optional.of(new Input(pins.input("power.mainsLost.pin", "the mains-lost line", pull,
                    "power.pull"), pull, high));
        }
        if (battery.isPresent()) {
            boolean high = f.choice("power.batteryLow.level", Level.LOW, Level.class) == Level.HIGH;
            batteryLow = Optional.of(new Input(pins.input("power.batteryLow.pin", "the battery-low line", pull,
                    "power.pull"), pull, high));
        }
        List<String> command = List.of(f.string("power.shutdownCommand", "systemctl poweroff").strip().split("\\s+"));
        return Optional.of(new Power(mainsLost, batteryLow, command));
    }

    private static Optional<Output> output(ConfigFile f, Pins pins, String part, String what) {
        if (f.optional(part + ".pin").isEmpty()) {
            noneWithout(f, part + ".", part + ".pin");
            return Optional.empty();
        }
        boolean activeHigh = f.choice(part + ".activeLevel", Level.HIGH, Level.class) == Level.HIGH;
        return Optional.of(new Output(pins.output(part + ".pin", what, !activeHigh), activeHigh));
    }

    /** A section's other keys without the key that switches it on: a half-done edit, refused. */
    private static void noneWithout(ConfigFile f, String prefix, String needed) {
        Set<String> keys = f.keysStartingWith(prefix);
        if (!keys.isEmpty()) {
            throw f.problem(keys.iterator().next(), "needs " + needed);
        }
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
        Wake wake = f.choice("keypad.wake", Wake.EDGE, Wake.class);
        return new Keypad(rows, columns, keys, scan, stable, wake);
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

    /**
     * Hands out pins, header GPIOs and expander pins alike, and refuses one used twice (naming the
     * key that has it already) or one that does not exist. Remembers which expander pins are used
     * how, to describe the chips once every part has its pins.
     */
    private static final class Pins {
        private static final Pattern EXPANDER_PIN = Pattern.compile("(?i)mcp(\\d+):([A-Z])(\\d+)");
        private static final int CHIPS = 8;
        private static final int FIRST_ADDRESS = 0x20;

        private final ConfigFile f;
        private final Map<Integer, String> owners = new LinkedHashMap<>();
        private final Map<String, String> expanderOwners = new LinkedHashMap<>();
        /** Per chip: outputs, inputs, pull-ups, outputs resting high; and the first key naming it. */
        private final int[][] chips = new int[CHIPS][4];
        private final Map<Integer, String> firstUse = new TreeMap<>();

        Pins(ConfigFile f) {
            this.f = f;
        }

        void reserve(int pin, String owner) {
            owners.put(pin, owner);
        }

        /** An output (latch, beeper, LED); {@code restHigh}: its level when off or held. */
        PinRef output(String key, String what, boolean restHigh) {
            PinRef pin = parse(key, required(key, what), what);
            if (pin instanceof PinRef.Expander x) {
                chips[x.chip()][0] |= x.mask();
                if (restHigh) {
                    chips[x.chip()][3] |= x.mask();
                }
            }
            return pin;
        }

        /** An input (key sensor, tamper, power line); {@code pullKey} names the setting of its pull. */
        PinRef input(String key, String what, Pull pull, String pullKey) {
            PinRef pin = parse(key, required(key, what), what);
            if (pin instanceof PinRef.Expander x) {
                if (x.outputOnly()) {
                    throw f.problem(key, x + " cannot be an input: GPA7 and GPB7 are output-only on the MCP23017"
                            + " (current datasheet); put " + what + " on another pin, and a latch on this one");
                }
                if (pull == Pull.DOWN) {
                    throw f.problem(pullKey, "down is not possible for " + x + " (" + key + "): an MCP23017 has"
                            + " pull-ups only; use up, or off with a pull-down of your own");
                }
                chips[x.chip()][1] |= x.mask();
                if (pull == Pull.UP) {
                    chips[x.chip()][2] |= x.mask();
                }
            }
            return pin;
        }

        int take(String key, String what) {
            return header(key, required(key, what), what);
        }

        int claim(String key, String value, String what) {
            return header(key, value, what);
        }

        private String required(String key, String what) {
            return f.optional(key).orElseThrow(() -> f.problem(key, "missing; " + what
                    + " needs a pin: a GPIO (BCM number) or an expander pin like mcp0:A0"));
        }

        private PinRef parse(String key, String value, String what) {
            Matcher m = EXPANDER_PIN.matcher(value.strip());
            if (!m.matches()) {
                return new PinRef.Header(header(key, value, what));
            }
            int chip = parseSmall(m.group(1));
            if (chip < 0 || chip >= CHIPS) {
                throw f.problem(key, "there is no mcp" + m.group(1) + ": expanders are mcp0-mcp7 (I2C address"
                        + " 0x20-0x27, set by the chip's A2-A0 pins)");
            }
            char port = Character.toUpperCase(m.group(2).charAt(0));
            int bit = parseSmall(m.group(3));
            if ((port != 'A' && port != 'B') || bit < 0 || bit > 7) {
                throw f.problem(key, "\"" + value.strip() + "\": an MCP23017 has pins A0-A7 and B0-B7");
            }
            PinRef.Expander pin = new PinRef.Expander(chip, port - 'A', bit);
            String owner = expanderOwners.putIfAbsent(pin.toString(), key);
            if (owner != null) {
                throw f.problem(key, pin + " (" + what + ") is already used by " + owner);
            }
            firstUse.putIfAbsent(chip, key);
            return pin;
        }

        private static int parseSmall(String digits) {
            return digits.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        }

        private int header(String key, String value, String what) {
            Integer parsed = ConfigFile.asciiInteger(value.strip(), 10);
            if (parsed == null) {
                throw f.problem(key, "\"" + value + "\" is not a GPIO number (BCM " + FIRST_GPIO + "-" + LAST_GPIO
                        + ") or an expander pin like mcp0:A0");
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

        /** The expanders the pins named, with their RESET and interrupt lines; empty when none is used. */
        Optional<Expanders> expanders(Display display) {
            if (firstUse.isEmpty()) {
                noneWithout(f, "expander.", "a pin on an expander (mcp0:A0 ...)");
                return Optional.empty();
            }
            int bus = f.integer("expander.i2c.bus", display.bus(), 0, 31);
            if (bus != display.bus()) {
                claimBus(bus);
            }
            int reset = take("expander.reset", "the expanders' RESET line");
            Map<Integer, String> interruptKeys = new LinkedHashMap<>();
            List<Chip> result = new ArrayList<>();
            for (int index = 0; index < CHIPS; index++) {
                String interruptKey = "expander.mcp" + index + ".interrupt";
                if (!firstUse.containsKey(index)) {
                    if (f.optional(interruptKey).isPresent()) {
                        throw f.problem(interruptKey, "no pin is on mcp" + index);
                    }
                    continue;
                }
                int address = FIRST_ADDRESS + index;
                if (bus == display.bus() && address == display.address()) {
                    throw f.problem(firstUse.get(index), String.format("mcp%d would answer at I2C address 0x%02x,"
                            + " where the display is (display.i2c.address): use a PCF8574A backpack (0x3f) or"
                            + " another expander", index, address));
                }
                int[] use = chips[index];
                OptionalInt interrupt = OptionalInt.empty();
                Optional<String> value = f.optional(interruptKey);
                if (value.isPresent()) {
                    Integer parsed = ConfigFile.asciiInteger(value.get(), 10);
                    if (parsed == null) {
                        throw f.problem(interruptKey, "\"" + value.get() + "\" is not a GPIO number (BCM "
                                + FIRST_GPIO + "-" + LAST_GPIO + ")");
                    }
                    int gpio = parsed;
                    if (!(interruptKeys.containsKey(gpio) && owners.get(gpio).equals(interruptKeys.get(gpio)))) {
                        // Chips may share one interrupt line (open-drain, wired together); nothing else may.
                        header(interruptKey, value.get(), "the interrupt line of mcp" + index);
                        interruptKeys.put(gpio, interruptKey);
                    }
                    interrupt = OptionalInt.of(gpio);
                } else if (use[1] != 0) {
                    throw f.problem(interruptKey, "missing; mcp" + index + " has inputs (" + firstInput(index)
                            + "): name the header GPIO its INTA/INTB pins are wired to");
                }
                result.add(new Chip(index, address, use[0], use[1], use[2], use[3], interrupt));
            }
            return Optional.of(new Expanders(bus, reset, List.copyOf(result)));
        }

        private void claimBus(int bus) {
            if (bus == 1) {
                reserve(2, "expander.i2c.bus (GPIO 2 is SDA of I2C bus 1)");
                reserve(3, "expander.i2c.bus (GPIO 3 is SCL of I2C bus 1)");
            }
        }

        private String firstInput(int chip) {
            for (Map.Entry<String, String> use : expanderOwners.entrySet()) {
                if (use.getKey().startsWith("mcp" + chip + ":") && (chips[chip][1] & maskOf(use.getKey())) != 0) {
                    return use.getValue();
                }
            }
            return "?";
        }

        private static int maskOf(String pin) {
            int colon = pin.indexOf(':');
            return 1 << ((pin.charAt(colon + 1) - 'A') * 8 + Integer.parseInt(pin.substring(colon + 2)));
        }
    }
}
