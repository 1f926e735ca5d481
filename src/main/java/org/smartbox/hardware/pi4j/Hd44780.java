package org.smartbox.hardware.pi4j;

import com.pi4j.io.i2c.I2C;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The HD44780 command set in 4-bit mode, spoken through a PCF8574 I2C port expander. Each nibble is
 * two expander writes, E high with the nibble and then E low: the controller takes the nibble as E
 * falls, and the data lines need only be steady before that. RS must be steady before E rises, so
 * when a nibble's RS differs from what the port last showed, one more write sets it first (E low).
 * A run of characters thus costs four bytes a character, the least the bus allows. Several commands
 * go out in one I2C transfer; at 100 kHz each byte takes about 90 us, longer than the 37 us a
 * command needs, so only clear and the power-on steps wait explicitly. Not thread-safe: one thread
 * owns it.
 */
final class Hd44780 {

    private static final int FUNCTION_4BIT_2LINE = 0x28;
    private static final int DISPLAY_ON = 0x0C;
    private static final int DISPLAY_OFF = 0x08;
    private static final int ENTRY_INCREMENT = 0x06;
    private static final int CLEAR = 0x01;
    private static final int SET_DDRAM = 0x80;

    private final I2C device;
    private final int rs;
    private final int e;
    private final int backlightBit;
    private final int[] data;
    private boolean backlight;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
    /** What the port's outputs show once everything queued is sent; -1 when not known. */
    private int port = -1;

    /** @param bits the PCF8574 bit of RS, RW, E, backlight, D4, D5, D6, D7, in that order */
    Hd44780(I2C device, List<Integer> bits, boolean backlight) {
        this.device = device;
        this.rs = 1 << bits.get(0);
        // RW (bits.get(1)) stays low: the box only ever writes.
        this.e = 1 << bits.get(2);
        this.backlightBit = 1 << bits.get(3);
        this.data = new int[] {1 << bits.get(4), 1 << bits.get(5), 1 << bits.get(6), 1 << bits.get(7)};
        this.backlight = backlight;
    }

    /** Power-on initialisation by instruction (datasheet figure 24), then a cleared, visible screen. */
    void init() {
        resynchronise();
        command(DISPLAY_OFF);
        command(CLEAR);
        flush();
        pause(2);
        command(ENTRY_INCREMENT);
        command(DISPLAY_ON);
        flush();
    }

    /**
     * Brings the controller back to 4-bit mode from any state (8-bit after a power cycle, or half way
     * through a byte after a glitch) without clearing it, so what is shown does not flicker.
     */
    void resynchronise() {
        pause(50);
        nibble(0x3, false);
        flush();
        pause(5);
        nibble(0x3, false);
        flush();
        pause(1);
        nibble(0x3, false);
        nibble(0x2, false);
        command(FUNCTION_4BIT_2LINE);
        command(DISPLAY_ON);
        command(ENTRY_INCREMENT);
        flush();
    }

    /** Queues a move of the cursor to a DDRAM address. */
    void moveTo(int address) {
        command(SET_DDRAM | address);
    }

    /** Queues one character (a ROM code) at the cursor. */
    void character(byte code) {
        nibble((code >> 4) & 0x0F, true);
        nibble(code & 0x0F, true);
    }

    void backlight(boolean on) {
        backlight = on;
    }

    /**
     * Writes one byte that changes nothing on the display (E stays low): it fails when the backpack
     * does not answer, which is how an unplugged display is noticed.
     */
    void probe() {
        int out = backlight ? backlightBit : 0;
        device.write((byte) out);
        port = out;
    }

    /** Sends everything queued, in one I2C transfer. */
    void flush() {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        device.write(bytes, 0, bytes.length);
    }

    /** Drops anything queued (after a failed transfer); what the port shows is then unknown. */
    void discard() {
        pending.reset();
        port = -1;
    }

    private void command(int value) {
        nibble((value >> 4) & 0x0F, false);
        nibble(value & 0x0F, false);
    }

    private void nibble(int value, boolean register) {
        int out = backlight ? backlightBit : 0;
        if (register) {
            out |= rs;
        }
        for (int i = 0; i < 4; i++) {
            if ((value & (1 << i)) != 0) {
                out |= data[i];
            }
        }
        if (port < 0 || (port & rs) != (out & rs)) {
            // RS (and the backlight) first, with E low: RS must be steady before E rises.
            pending.write(out);
        }
        pending.write(out | e);
        pending.write(out);
        port = out;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
