package org.smartbox.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox config check [FILE]}: validates a device config without touching anything. */
@Command(name = "config", mixinStandardHelpOptions = true, header = "Work with device config files.",
        description = "A device config is a Java properties file; docs/config-reference.md lists every key.",
        subcommands = ConfigCommand.Check.class,
        footerHeading = "%nExample:%n", footer = "  smartbox config check /etc/smartbox/smartbox.properties")
final class ConfigCommand {

    /** The installed box's config, the default when it exists. */
    static final Path BOX_CONFIG = Path.of("/etc/smartbox/smartbox.properties");

    @Command(name = "check", mixinStandardHelpOptions = true,
            header = "Check a device config without touching hardware or creating files.",
            description = {"Reads every key and section as 'smartbox run' would, and stops at the first problem,"
                    + " naming the file, the key and the reason (with the key it most likely meant, for a"
                    + " misspelt one). Exit 0 when the config is good, 2 when it is not.",
                    "Without FILE: /etc/smartbox/smartbox.properties when it exists, else"
                    + " device-config/smartbox.properties (the working folder's, else the packaged template)."},
            footerHeading = "%nExamples:%n",
            footer = {"  smartbox config check", "  smartbox config check device-config/bench.properties"})
    static final class Check implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The config file to check.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path explicit = file != null ? file : Files.isRegularFile(BOX_CONFIG) ? BOX_CONFIG : null;
            // A bad config is a ConfigException: Main prints its one line and exits 2.
            DeviceConfig device = ConfigLocation.load(explicit, "smartbox.properties");
            PrintWriter out = spec.commandLine().getOut();
            out.println(device.source() + ": ok");
            out.println("  box " + device.box().boxId() + ", " + device.box().slots() + " slots, database "
                    + device.box().dbFile());
            out.println("  hardware: " + device.hardware().map(ConfigCommand::hardware)
                    .orElse("none (simulator config)"));
            out.println("  sms gateways: " + String.join(", ", device.box().smsGateways())
                    + device.modem().map(m -> " (modem on " + m.port() + ")").orElse(""));
            out.println("  fleet broker: " + device.mqtt().map(m -> m.broker().toString()).orElse("none"));
            out.println("  app unlock grants: " + (device.box().grantPublicKey().isPresent() ? "public key set"
                    : "off (no grants.publicKey)"));
            out.println("  log level: " + device.logLevel().map(l -> l.name().toLowerCase(java.util.Locale.ROOT))
                    .orElse("info (default)"));
            return 0;
        }
    }

    private static String hardware(HardwareConfig hw) {
        return hw.platform().name().toLowerCase(java.util.Locale.ROOT) + " platform, display at I2C bus "
                + hw.display().bus() + String.format(" address 0x%02x", hw.display().address()) + ", keypad "
                + hw.keypad().rows().size() + "x" + hw.keypad().columns().size();
    }
}
