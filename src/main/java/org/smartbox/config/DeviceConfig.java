package org.smartbox.config;

import java.util.Optional;
import org.slf4j.event.Level;
import org.smartbox.logging.Logging;

/**
 * A whole device config file, every section read and checked, so that a misspelt or misplaced key
 * is an error whichever command reads the file. {@code hardware} is there when the file describes a
 * real (or bench) box, {@code smsFile} when it uses the bench's file SMS gateway, {@code modem} when
 * the SMS gateways use one, {@code mqtt} when the box talks to a fleet broker; {@code logLevel} when
 * the file sets {@code log.level}.
 */
public record DeviceConfig(String source, BoxConfig box, Optional<HardwareConfig> hardware,
                           Optional<SmsFileConfig> smsFile, Optional<ModemConfig> modem, Optional<MqttConfig> mqtt,
                           Optional<Level> logLevel) {

    public static DeviceConfig from(ConfigFile file) {
        file.rejectMisspelt();
        BoxConfig box = BoxConfig.from(file);
        Optional<HardwareConfig> hardware = HardwareConfig.from(file, box);
        Optional<SmsFileConfig> smsFile = SmsFileConfig.from(file, box, hardware);
        Optional<ModemConfig> modem = ModemConfig.from(file, box.smsGateways());
        Optional<MqttConfig> mqtt = MqttConfig.from(file, box.boxId());
        if (box.smsGateways().contains("cloud")) {
            // The cloud gateway hands one-time codes to the broker: only over TLS or on this machine.
            if (mqtt.isEmpty()) {
                throw file.problem("sms.gateways", "\"cloud\" sends through the fleet broker; set mqtt.broker");
            }
            if (!mqtt.get().privateLink()) {
                throw file.problem("sms.gateways", "\"cloud\" would send one-time codes in the clear; it needs an"
                        + " ssl:// broker");
            }
        }
        Optional<Level> logLevel = logLevel(file);
        file.rejectUnknown();
        return new DeviceConfig(file.name(), box, hardware, smsFile, modem, mqtt, logLevel);
    }

    private static Optional<Level> logLevel(ConfigFile file) {
        Optional<String> name = file.optional("log.level");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Logging.parse(name.get()).orElseThrow(() -> file.problem("log.level",
                "\"" + name.get() + "\" is not one of " + String.join(", ", Logging.LEVEL_NAMES))));
    }
}
