package org.smartbox.config;

import java.util.Optional;

/**
 * A whole device config file, every section read and checked, so that a misspelt or misplaced key
 * is an error whichever command reads the file. {@code modem} is there when the SMS gateways use one.
 */
public record DeviceConfig(String source, BoxConfig box, Optional<ModemConfig> modem) {

    public static DeviceConfig from(ConfigFile file) {
        BoxConfig box = BoxConfig.from(file);
        Optional<ModemConfig> modem = ModemConfig.from(file, box.smsGateways());
        file.rejectUnknown();
        return new DeviceConfig(file.name(), box, modem);
    }
}
