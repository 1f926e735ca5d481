package org.smartbox.hardware.pi4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A small HD44780 in software: fed the bytes written to a PCF8574 backpack, it acts on each falling
 * edge of E as the controller would (8-bit mode after power-on until told otherwise, then nibble
 * pairs) and keeps the 20x4 screen, so tests and the bench console show what a person would see.
 */
public final class Hd44780Decoder {

    private static final int[] ROW_ADDRESS = {0x00, 0x40, 0x14, 0x54};
    private static final Map<Integer, Character> ROM = Map.of(0xE1, 'ä', 0xEF, 'ö', 0xF5, 'ü', 0xEE, 'ñ',
            0xE2, 'ß', 0xDF, '°', 0xE4, 'µ');

    private final int rs;
    private final int e;
    private final int backlightBit;
    private final int[] data;
    private final byte[] ddram = new byte[0x80];
    private boolean fourBit;
    private Integer highNibble;
    private int address;
    private int previous;
    private boolean displayOn;
    private boolean twoLines;
    private boolean backlight;
    private int dataWrites;
    private final List<String> problems = new ArrayList<>();

    /** @param bits the PCF8574 bit of RS, RW, E, backlight, D4, D5, D6, D7 */
    public Hd44780Decoder(List<Integer> bits) {
        rs = 1 << bits.get(0);
        e = 1 << bits.get(2);
        backlightBit = 1 << bits.get(3);
        data = new int[] {1 << bits.get(4), 1 << bits.get(5), 1 << bits.get(6), 1 << bits.get(7)};
        powerCycle();
    }

    /** The display lost power and came back: 8-bit mode, display off, garbage in DDRAM. */
    public void powerCycle() {
        fourBit = false;
        twoLines = false;
        highNibble = null;
        displayOn = false;
        Arrays.fill(ddram, (byte) '#');
        address = 0;
        previous = 0;
    }

    public void feed(byte[] bytes) {
        for (byte b : bytes) {
            int value = b & 0xFF;
            backlight = (value & backlightBit) != 0;
            if ((previous & e) == 0 && (value & e) != 0 && (previous & rs) != (value & rs)) {
                // RS must be steady before E rises (address set-up time).
                problems.add("RS changed as E rose");
            }
            if ((previous & e) != 0 && (value & e) == 0) {
                if ((previous & ~e) != value) {
                    // RS and the data must be held as E falls (hold time).
                    problems.add("lines changed as E fell");
                }
                latch(previous);
            }
            previous = value;
        }
    }

    private void latch(int bus) {
        int nibble = 0;
        for (int i = 0; i < 4; i++) {
            if ((bus & data[i]) != 0) {
                nibble |= 1 << i;
            }
        }
        boolean register = (bus & rs) != 0;
        if (!fourBit) {
            // 8-bit mode: D0-D3 are not wired, so they read 0.
            execute(nibble << 4, register);
            return;
        }
        if (highNibble == null) {
            highNibble = nibble;
        } else {
            int value = (highNibble << 4) | nibble;
            highNibble = null;
            execute(value, register);
        }
    }

    private void execute(int value, boolean register) {
        if (register) {
            ddram[address] = (byte) value;
            dataWrites++;
            address = next(address);
            return;
        }
        if ((value & 0x80) != 0) {
            address = value & 0x7F;
        } else if ((value & 0x40) != 0) {
            problems.add("CGRAM address set");
        } else if ((value & 0x20) != 0) {
            fourBit = (value & 0x10) == 0;
            twoLines = (value & 0x08) != 0;
        } else if ((value & 0x10) != 0) {
            problems.add("cursor or display shift");
        } else if ((value & 0x08) != 0) {
            displayOn = (value & 0x04) != 0;
        } else if ((value & 0x04) != 0) {
            if (value != 0x06) {
                problems.add("entry mode other than increment: " + Integer.toHexString(value));
            }
        } else if ((value & 0x02) != 0) {
            address = 0;
        } else if (value == 0x01) {
            Arrays.fill(ddram, (byte) ' ');
            address = 0;
        }
    }

    /** Two-line addressing: 0x00-0x27 and 0x40-0x67, each running into the other. */
    private static int next(int address) {
        if (address == 0x27) {
            return 0x40;
        }
        if (address == 0x67) {
            return 0x00;
        }
        return address + 1;
    }

    public String line(int row) {
        StringBuilder sb = new StringBuilder();
        for (int col = 0; col < 20; col++) {
            int code = ddram[ROW_ADDRESS[row] + col] & 0xFF;
            sb.append(ROM.getOrDefault(code, (char) code));
        }
        return sb.toString();
    }

    public List<String> screen() {
        if (!displayOn) {
            return List.of("(display off)");
        }
        if (!twoLines || !fourBit) {
            // Rows 2 and 4 would not show, or every later nibble would be misread.
            return List.of("(not in 4-bit two-line mode)");
        }
        return List.of(line(0), line(1), line(2), line(3));
    }

    public boolean displayOn() {
        return displayOn;
    }

    public boolean backlight() {
        return backlight;
    }

    public int dataWrites() {
        return dataWrites;
    }

    public List<String> problems() {
        return problems;
    }
}
