package org.smartbox.hardware.pi4j;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;
import java.util.List;
import java.util.Optional;

/**
 * Pi4J's mock I2C, with each device an LCD behind a PCF8574 as far as anyone can tell: every byte
 * written is also fed to an {@link Hd44780Decoder}, so the bench console can show the 20x4 frame as
 * the bytes draw it. Reads and writes are serialised (the display thread writes, others read).
 */
public final class BenchI2CProvider extends MockI2CProviderImpl {

    /** The common backpack's wiring (P0=RS, P1=RW, P2=E, P3=backlight, P4-P7=D4-D7) until told otherwise. */
    private volatile List<Integer> bits = List.of(0, 1, 2, 3, 4, 5, 6, 7);

    /** The PCF8574 bits of RS, RW, E, backlight, D4-D7 that later devices decode with. */
    public void wiring(List<Integer> pcf8574Bits) {
        bits = List.copyOf(pcf8574Bits);
    }

    @Override
    public I2C create(I2CConfig config) {
        BenchLcd lcd = new BenchLcd(this, config, new Hd44780Decoder(bits));
        context.registry().add(lcd);
        return lcd;
    }

    /** The LCD a device registered under {@code id} shows, if it is one of these. */
    public static Optional<BenchLcd> lcd(com.pi4j.context.Context pi4j, String id) {
        if (!pi4j.registry().exists(id)) {
            return Optional.empty();
        }
        Object io = pi4j.registry().get(id);
        return io instanceof BenchLcd lcd ? Optional.of(lcd) : Optional.empty();
    }

    /** A mock I2C device that decodes what it is sent as an HD44780 would show it. */
    public static final class BenchLcd extends MockI2C {

        private final Hd44780Decoder decoder;

        BenchLcd(BenchI2CProvider provider, I2CConfig config, Hd44780Decoder decoder) {
            super(provider, config);
            this.decoder = decoder;
        }

        /** The four lines the glass shows now (or one line saying why it shows nothing). */
        public synchronized List<String> screen() {
            return decoder.screen();
        }

        public synchronized boolean backlight() {
            return decoder.backlight();
        }

        @Override
        public synchronized int write(byte b) {
            decoder.feed(new byte[] {b});
            return super.write(b);
        }

        @Override
        public synchronized int write(byte[] data, int offset, int length) {
            decoder.feed(java.util.Arrays.copyOfRange(data, offset, offset + length));
            return super.write(data, offset, length);
        }

        @Override
        public synchronized int read() {
            return super.read();
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            return super.read(buffer, offset, length);
        }
    }
}
