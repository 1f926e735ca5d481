package org.smartbox.hardware.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.HardwareException;
import org.smartbox.logging.Logging;

/**
 * Builds the Pi4J context for a platform with exactly the providers it needs, named here rather than
 * found on the classpath, so a real box can never end up on the mock plugin by accident.
 */
public final class Pi4jContexts {

    private Pi4jContexts() {
    }

    public static Context create(HardwareConfig.Platform platform) {
        try {
            return switch (platform) {
                case GPIOD -> Pi4J.newContextBuilder().noAutoDetect()
                        .add(GpioDDigitalOutputProvider.newInstance(), GpioDDigitalInputProvider.newInstance(),
                                LinuxFsI2CProvider.newInstance())
                        .build();
                case MOCK -> mock();
            };
        } catch (RuntimeException e) {
            throw new HardwareException("cannot start Pi4J (" + platform.name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + e.getMessage(), e);
        }
    }

    private static Context mock() {
        // Pi4J looks for a Raspberry Pi whatever the platform, and reports not finding one as errors;
        // on the mock platform that is the expected answer, so those lines are debug output here.
        Logging.demote("com.pi4j.boardinfo");
        // The mock I2C devices decode what they are sent as the LCD would show it (the bench console).
        return Pi4J.newContextBuilder().noAutoDetect()
                .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance(),
                        new BenchI2CProvider())
                .build();
    }

    /** Turns a Pi4J failure while creating a part into one line that names the part and the pin. */
    static HardwareException failure(String part, RuntimeException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.contains("No gpio chip")) {
            reason = "no Raspberry Pi GPIO chip found (is this a Pi, and is the user in group gpio?)";
        }
        return new HardwareException(part + ": " + reason, e);
    }
}
