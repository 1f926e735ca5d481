package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import java.io.ByteArrayOutputStream;

/**
 * The mock plugin's I2C device, made safe to read from a test thread while the display thread
 * writes, and able to be "unplugged": then every transfer fails as a missing device does.
 */
final class RecordingI2C extends MockI2C {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private volatile boolean unplugged;
    private int failed;
    private int singleBytes;

    RecordingI2C(Context pi4j, int bus, int address) {
        super(pi4j.provider(MockI2CProvider.class), I2C.newConfigBuilder(pi4j).id("lcd-" + System.nanoTime())
                .bus(bus).device(address).build());
    }

    void unplugged(boolean value) {
        unplugged = value;
    }

    synchronized int failedTransfers() {
        return failed;
    }

    /** Everything written since the last call. */
    synchronized byte[] take() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    /** How many one-byte writes (the display's "are you there" probes) there were. */
    synchronized int singleByteWrites() {
        return singleBytes;
    }

    @Override
    public synchronized int write(byte b) {
        check();
        written.write(b);
        singleBytes++;
        return 1;
    }

    @Override
    public synchronized int write(byte[] data, int offset, int length) {
        check();
        written.write(data, offset, length);
        return length;
    }

    private void check() {
        if (unplugged) {
            failed++;
            throw new com.pi4j.io.exception.IOException("I2C transfer failed: no device answers");
        }
    }
}
