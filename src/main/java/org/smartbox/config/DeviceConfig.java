package org.smartbox.config;

/**
 * A whole device config file, every section read and checked, so that a misspelt or misplaced key
 * is an error whichever command reads the file.
 */
public record DeviceConfig(String source, BoxConfig box) {

    public static DeviceConfig from(ConfigFile file) {
        BoxConfig box = BoxConfig.from(file);
        file.rejectUnknown();
        return new DeviceConfig(file.name(), box);
    }
}
