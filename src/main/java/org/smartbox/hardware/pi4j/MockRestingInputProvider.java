package org.smartbox.hardware.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;

/**
 * Pi4J's mock digital inputs, with the bench box's lines at rest where the plugin's default (low)
 * would mean something is happening: keypad columns read high (their pull-ups; no key is down) and
 * expander interrupt lines read high (open-drain with a pull-up; nothing to read). Every other input
 * starts low as the plugin has it: on the bench box every key is in, the door shut.
 */
public final class MockRestingInputProvider extends MockDigitalInputProviderImpl {

    @Override
    public DigitalInput create(DigitalInputConfig config) {
        DigitalInput input = super.create(config);
        String id = config.id();
        if (id != null && (id.startsWith("keypad-column-") || id.startsWith("expander-int-"))
                && input instanceof MockDigitalInput mock) {
            mock.mockState(DigitalState.HIGH);
        }
        return input;
    }
}
