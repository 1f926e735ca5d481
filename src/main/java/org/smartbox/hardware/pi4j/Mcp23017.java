package org.smartbox.hardware.pi4j;

import com.pi4j.io.i2c.I2C;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.ExpanderFault;

/**
 * One MCP23017 16-bit I/O expander over Pi4J's I2C, in its power-on register layout (IOCON.BANK = 0:
 * each A register is followed by its B twin, and sequential access steps from one to the other).
 * Pins are seen as one 16-bit word, GPA in the low byte. Every write of a configuration or output
 * register is read back; anything the chip does not confirm is an {@link ExpanderFault}. Not
 * thread-safe: {@link ExpanderBank} serialises the access.
 */
final class Mcp23017 {

    static final int IODIR = 0x00;
    static final int IPOL = 0x02;
    static final int GPINTEN = 0x04;
    static final int DEFVAL = 0x06;
    static final int INTCON = 0x08;
    static final int IOCON = 0x0A;
    static final int GPPU = 0x0C;
    static final int INTF = 0x0E;
    static final int INTCAP = 0x10;
    static final int GPIO = 0x12;
    static final int OLAT = 0x14;
    /** IOCON: INTA and INTB mirrored (either pin signals both ports) and open-drain, so chips can share a line. */
    static final int IOCON_MIRROR_ODR = 0x40 | 0x04;

    private final I2C device;
    private final HardwareConfig.Chip chip;
    private final String name;
    /** What OLAT must hold: the chip's outputs as the box last set them. */
    private int latch;

    Mcp23017(I2C device, HardwareConfig.Chip chip) {
        this.device = device;
        this.chip = chip;
        this.name = String.format("%s (I2C 0x%02x)", chip.name(), chip.address());
        this.latch = chip.restHigh();
    }

    String name() {
        return name;
    }

    HardwareConfig.Chip chip() {
        return chip;
    }

    /**
     * Sets the chip up after a reset: outputs at rest before they become outputs, pull-ups, interrupt
     * on any change of an input, then every register read back. Returns the inputs as read.
     */
    int configure() {
        latch = chip.restHigh();
        int unused = 0xFFFF & ~(chip.outputs() | chip.inputs());
        writeByte(IOCON, IOCON_MIRROR_ODR);
        writeWord(OLAT, latch);
        // Unused pins stay inputs with their pull-up on: a floating CMOS input draws current and can oscillate.
        writeWord(GPPU, chip.pullUps() | unused);
        writeWord(IPOL, 0);
        writeWord(DEFVAL, 0);
        writeWord(INTCON, 0);
        writeWord(IODIR, 0xFFFF & ~chip.outputs());
        writeWord(GPINTEN, chip.inputs());
        expect("IOCON", IOCON_MIRROR_ODR, readByte(IOCON) & 0xFE);
        expect("GPPU", chip.pullUps() | unused, readWord(GPPU));
        expect("GPINTEN", chip.inputs(), readWord(GPINTEN));
        verifyOutputs();
        // Reading GPIO also clears an interrupt the chip may have latched during set-up.
        return readWord(GPIO);
    }

    /** Drives the outputs to {@code word} (only the output bits count) and reads the result back. */
    void writeOutputs(int word) {
        int next = (latch & ~chip.outputs()) | (word & chip.outputs());
        writeWord(OLAT, next);
        latch = next;
        verifyOutputs();
    }

    int outputs() {
        return latch;
    }

    /**
     * Confirms that the outputs are outputs (IODIR), hold what was written (OLAT), and that the pins
     * themselves show it (GPIO): a chip reset by a glitch, or an output pin forced, shows here.
     */
    void verifyOutputs() {
        expect("IODIR", 0xFFFF & ~chip.outputs(), readWord(IODIR));
        expect("OLAT", latch, readWord(OLAT));
        if (chip.outputs() != 0) {
            int pins = readWord(GPIO) & chip.outputs();
            if (pins != (latch & chip.outputs())) {
                throw new ExpanderFault(String.format("%s: output pins read %04x, driven %04x", name, pins,
                        latch & chip.outputs()));
            }
        }
    }

    /** The input pins now (reading GPIO clears the chip's interrupt). */
    int readInputs() {
        return readWord(GPIO);
    }

    private void writeByte(int register, int value) {
        transfer(() -> device.writeRegister(register, new byte[] {(byte) value}, 0, 1), register, 1);
    }

    private void writeWord(int register, int value) {
        byte[] bytes = {(byte) value, (byte) (value >> 8)};
        transfer(() -> device.writeRegister(register, bytes, 0, 2), register, 2);
    }

    private int readByte(int register) {
        byte[] bytes = new byte[1];
        transfer(() -> device.readRegister(register, bytes, 0, 1), register, 1);
        return bytes[0] & 0xFF;
    }

    private int readWord(int register) {
        byte[] bytes = new byte[2];
        transfer(() -> device.readRegister(register, bytes, 0, 2), register, 2);
        return (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8;
    }

    private void expect(String register, int wanted, int read) {
        if (read != wanted) {
            throw new ExpanderFault(String.format("%s: %s reads %04x, %04x was written", name, register, read, wanted));
        }
    }

    /**
     * One I2C transfer; a failure is a fault naming the chip and register. Only a negative count is
     * taken as failure: Pi4J's providers count a register write differently (linuxfs counts the
     * register byte too), and a short read shows anyway in the value read back.
     */
    private void transfer(java.util.function.IntSupplier io, int register, int length) {
        int done;
        try {
            done = io.getAsInt();
        } catch (RuntimeException e) {
            throw new ExpanderFault(String.format("%s does not answer (register %02x): %s", name, register,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        if (done < 0) {
            throw new ExpanderFault(String.format("%s: register %02x: transfer of %d bytes failed (%d)", name,
                    register, length, done));
        }
    }
}
