package org.smartbox.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.smartbox.config.ConfigException;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;

/**
 * Finds the device config: the file given with {@code --config}; else {@code device-config/NAME} in
 * the working folder; else the same file packaged in the jar, so the jar runs from any folder.
 */
final class ConfigLocation {

    private ConfigLocation() {
    }

    static DeviceConfig load(Path explicit, String defaultName) {
        if (explicit != null) {
            return DeviceConfig.from(ConfigFile.load(explicit));
        }
        Path local = Path.of("device-config", defaultName);
        if (Files.isRegularFile(local)) {
            return DeviceConfig.from(ConfigFile.load(local));
        }
        String resource = "/device-config/" + defaultName;
        InputStream packaged = ConfigLocation.class.getResourceAsStream(resource);
        if (packaged == null) {
            throw new ConfigException(local.toString(), "", "no such file (and none packaged in the jar)");
        }
        return DeviceConfig.from(ConfigFile.parse("jar:" + resource, packaged));
    }

    /** A shipped data file ({@code demo-data.json}): the working folder's copy, else the jar's. */
    static Optional<InputStream> shipped(String name) {
        Path local = Path.of("device-config", name);
        try {
            if (Files.isRegularFile(local)) {
                return Optional.of(Files.newInputStream(local));
            }
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(ConfigLocation.class.getResourceAsStream("/device-config/" + name));
    }
}
