package org.smartbox.config;

/**
 * Where one digital line of the box is: a GPIO of the Pi's 40-pin header (BCM number), or a pin of
 * an MCP23017 expander on I2C ({@code mcp0:A0} .. {@code mcp7:B7}). Written in the config as
 * {@code 17} or {@code mcp0:A0}.
 */
public sealed interface PinRef {

    /** A GPIO of the header, by BCM number. */
    record Header(int gpio) implements PinRef {
        @Override
        public String toString() {
            return "GPIO " + gpio;
        }
    }

    /**
     * A pin of expander {@code chip} (0-7, at I2C address 0x20 + chip): {@code port} 0 is GPA,
     * 1 is GPB; {@code bit} 0-7.
     */
    record Expander(int chip, int port, int bit) implements PinRef {

        /** The pin's bit in the chip's 16-bit view (GPA in the low byte, GPB in the high byte). */
        public int mask() {
            return 1 << (port * 8 + bit);
        }

        /** GPA7 and GPB7 are outputs only: as inputs they can corrupt SDA (datasheet DS20001952 revision D, 2022). */
        public boolean outputOnly() {
            return bit == 7;
        }

        @Override
        public String toString() {
            return "mcp" + chip + ":" + (port == 0 ? 'A' : 'B') + bit;
        }
    }
}
