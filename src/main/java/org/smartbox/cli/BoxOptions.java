package org.smartbox.cli;

import java.nio.file.Path;
import org.smartbox.config.DeviceConfig;
import org.smartbox.logging.Logging;
import picocli.CommandLine.Option;

/** The options every command takes: which device config, which database. */
final class BoxOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Device config (default: the command's file in device-config/ of the working folder,"
                    + " else the one packaged in the jar).")
    Path config;

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite database (default: db.file of the config).")
    Path db;

    DeviceConfig load(String defaultName) {
        DeviceConfig device = ConfigLocation.load(config, defaultName);
        device.logLevel().ifPresent(Logging::levelFromConfig);
        return device;
    }

    Path dbFile(DeviceConfig device) {
        return db != null ? db : device.box().dbFile();
    }
}
