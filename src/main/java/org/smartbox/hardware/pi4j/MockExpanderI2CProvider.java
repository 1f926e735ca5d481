package org.smartbox.hardware.pi4j;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;

/**
 * Pi4J's mock I2C provider with MCP23017 register models for the expanders the box opens (ids
 * {@code mcp0} .. {@code mcp7}, see {@link ExpanderBank}), so a bench box on the mock platform can
 * drive latches and read sensors on expanders. Every other device (the display) gets the plugin's
 * own mock device.
 */
public final class MockExpanderI2CProvider extends MockI2CProviderImpl {

    @Override
    public I2C create(I2CConfig config) {
        if (config.id() != null && config.id().matches("mcp[0-7]")) {
            MockMcp23017 chip = new MockMcp23017(this, config, context);
            context.registry().add(chip);
            return chip;
        }
        return super.create(config);
    }
}
