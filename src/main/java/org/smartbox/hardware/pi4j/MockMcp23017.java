package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An MCP23017 as seen from its I2C pins, for Pi4J's mock platform (bench boxes and tests): the
 * register file in its power-on layout (IOCON.BANK = 0, sequential addressing), pins driven by the
 * chip or from outside ({@link #drive}), interrupt on change into INTF/INTCAP with the INT output,
 * and RESET (when the context has the box's {@code expander-reset} line, its low level resets the
 * registers and the chip stops answering). A chip can be made to stop answering ({@link #unplug})
 * or to read one register back wrong ({@link #misread}), as a broken or tampered one would.
 */
public final class MockMcp23017 extends MockI2C {

    private static final int REGISTERS = 0x16;

    private final byte[] registers = new byte[REGISTERS];
    /** The level each pin has from outside when the chip does not drive it (16 bits, GPA low). */
    private int outside;
    private boolean inReset;
    private boolean unplugged;
    private int misreadRegister = -1;
    /** The register address pointer a bare write sets and a bare read reads on from. */
    private int pointer;
    private int misreadXor;
    private final List<Runnable> interruptWatchers = new CopyOnWriteArrayList<>();

    public MockMcp23017(I2CProvider provider, I2CConfig config, Context context) {
        super(provider, config);
        powerOnReset();
        if (context != null && context.registry().exists("expander-reset")) {
            DigitalOutput reset = context.registry().get("expander-reset", DigitalOutput.class);
            inReset = reset.state() == DigitalState.LOW;
            reset.addListener(event -> resetLine(event.state() == DigitalState.LOW));
        }
    }

    // ---- the outside world ----

    /** Drives the pins in {@code mask} to {@code high} from outside (a switch, a sensor). */
    public synchronized void drive(int mask, boolean high) {
        int before = pins();
        outside = high ? outside | mask : outside & ~mask;
        changed(before);
    }

    /** True while the chip drives this pin (it is an output and the chip is out of reset). */
    public synchronized boolean driving(int mask) {
        return !inReset && (word(Mcp23017.IODIR) & mask) == 0;
    }

    /** The level of a pin as a meter would read it. */
    public synchronized boolean high(int mask) {
        return (pins() & mask) != 0;
    }

    /** True while the INT outputs are asserted (low): an input changed and was not read since. */
    public synchronized boolean interruptActive() {
        return !inReset && word(Mcp23017.INTF) != 0;
    }

    /** The chip stops answering on I2C (true), or answers again (false). */
    public synchronized void unplug(boolean value) {
        unplugged = value;
    }

    /** From now on, reads of {@code register} (both ports) come back XORed with {@code xor}; 0 to stop. */
    public synchronized void misread(int register, int xor) {
        misreadRegister = xor == 0 ? -1 : register & ~1;
        misreadXor = xor;
    }

    /** A brown-out: the registers go back to their power-on values, as after a RESET pulse. */
    public synchronized void brownOut() {
        int before = pins();
        powerOnReset();
        changed(before);
    }

    /**
     * Wires the INT outputs of {@code chips} (open-drain, mirrored) to one header input: it reads low
     * while any of them signals, high (the Pi's pull-up) otherwise.
     */
    public static void shareInterruptLine(MockDigitalInput line, List<MockMcp23017> chips) {
        Runnable update = () -> {
            boolean low = chips.stream().anyMatch(MockMcp23017::interruptActive);
            line.mockState(low ? DigitalState.LOW : DigitalState.HIGH);
        };
        for (MockMcp23017 chip : chips) {
            chip.interruptWatchers.add(update);
        }
        update.run();
    }

    // ---- I2C ----

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        Runnable after;
        synchronized (this) {
            answer();
            int before = pins();
            for (int i = 0; i < length; i++) {
                store(register + i, data[offset + i]);
            }
            after = changedLater(before);
        }
        after.run();
        return length;
    }

    @Override
    public int writeRegister(int register, byte b) {
        return writeRegister(register, new byte[] {b}, 0, 1);
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        Runnable after;
        synchronized (this) {
            answer();
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = (byte) load(register + i);
            }
            after = interruptWatchersLater();
        }
        after.run();
        return length;
    }

    @Override
    public int readRegister(int register) {
        byte[] one = new byte[1];
        readRegister(register, one, 0, 1);
        return one[0] & 0xFF;
    }

    /**
     * A bare write is what the chip sees on the wire: its first byte sets the register address
     * pointer, the rest are written from there on (sequential mode, IOCON.SEQOP clear).
     */
    @Override
    public int write(byte b) {
        synchronized (this) {
            answer();
            pointer = b & 0xFF;
        }
        return 1;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        if (length < 1) {
            return 0;
        }
        write(data[offset]);
        int written = writeRegister(pointer, data, offset + 1, length - 1);
        synchronized (this) {
            pointer += written;
        }
        return written + 1;
    }

    /** A bare read reads on from the address pointer, as the chip does after a pointer-only write. */
    @Override
    public int read(byte[] buffer, int offset, int length) {
        int start;
        synchronized (this) {
            start = pointer;
            pointer += length;
        }
        return readRegister(start, buffer, offset, length);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        read(one, 0, 1);
        return one[0] & 0xFF;
    }

    // ---- inside ----

    private void answer() {
        if (unplugged || inReset) {
            throw new com.pi4j.io.exception.IOException(String.format("I2C transfer failed: no device answers at"
                    + " 0x%02x", config().device()));
        }
    }

    private void resetLine(boolean low) {
        Runnable after;
        synchronized (this) {
            int before = pins();
            inReset = low;
            if (low) {
                powerOnReset();
            }
            after = changedLater(before);
        }
        after.run();
    }

    private void powerOnReset() {
        java.util.Arrays.fill(registers, (byte) 0);
        registers[Mcp23017.IODIR] = (byte) 0xFF;
        registers[Mcp23017.IODIR + 1] = (byte) 0xFF;
    }

    private void store(int address, byte value) {
        if (address >= REGISTERS) {
            return;
        }
        switch (address) {
            case Mcp23017.INTF, Mcp23017.INTF + 1, Mcp23017.INTCAP, Mcp23017.INTCAP + 1 -> {
                // read-only
            }
            case Mcp23017.GPIO, Mcp23017.GPIO + 1 -> registers[address + 2] = value;   // a GPIO write goes to OLAT
            case Mcp23017.IOCON, Mcp23017.IOCON + 1 -> {
                registers[Mcp23017.IOCON] = (byte) (value & 0xFE);
                registers[Mcp23017.IOCON + 1] = (byte) (value & 0xFE);
            }
            default -> registers[address] = value;
        }
    }

    private int load(int address) {
        if (address >= REGISTERS) {
            return 0;
        }
        int port = address & 1;
        int value;
        if (address == Mcp23017.GPIO || address == Mcp23017.GPIO + 1) {
            value = (pins() >> (8 * port)) & 0xFF;
            clearInterrupt(port);
        } else if (address == Mcp23017.INTCAP || address == Mcp23017.INTCAP + 1) {
            value = registers[address] & 0xFF;
            clearInterrupt(port);
        } else {
            value = registers[address] & 0xFF;
        }
        if ((address & ~1) == misreadRegister) {
            value ^= (misreadXor >> (8 * port)) & 0xFF;
        }
        return value;
    }

    private void clearInterrupt(int port) {
        registers[Mcp23017.INTF + port] = 0;
    }

    private int word(int register) {
        return (registers[register] & 0xFF) | (registers[register + 1] & 0xFF) << 8;
    }

    /** What each pin reads: the latch for outputs, the outside level (through IPOL) for inputs. */
    private int pins() {
        int outputs = inReset ? 0 : ~word(Mcp23017.IODIR) & 0xFFFF;
        int level = (word(Mcp23017.OLAT) & outputs) | (outside & ~outputs & 0xFFFF);
        return level ^ (word(Mcp23017.IPOL) & ~outputs & 0xFFFF);
    }

    /** Interrupt on change: each enabled input that changed sets its INTF bit; INTCAP keeps the first state. */
    private void changed(int before) {
        changedLater(before).run();
    }

    private Runnable changedLater(int before) {
        if (!inReset) {
            int now = pins();
            int inputs = word(Mcp23017.IODIR);
            int compareTo = word(Mcp23017.INTCON);
            int reference = (compareTo & word(Mcp23017.DEFVAL)) | (~compareTo & before);
            int fired = (now ^ reference) & word(Mcp23017.GPINTEN) & inputs & 0xFFFF;
            for (int port = 0; port < 2; port++) {
                int bits = (fired >> (8 * port)) & 0xFF;
                if (bits != 0) {
                    if (registers[Mcp23017.INTF + port] == 0) {
                        registers[Mcp23017.INTCAP + port] = (byte) (now >> (8 * port));
                    }
                    registers[Mcp23017.INTF + port] |= (byte) bits;
                }
            }
        }
        return interruptWatchersLater();
    }

    private Runnable interruptWatchersLater() {
        List<Runnable> watchers = List.copyOf(interruptWatchers);
        return () -> watchers.forEach(Runnable::run);
    }
}
