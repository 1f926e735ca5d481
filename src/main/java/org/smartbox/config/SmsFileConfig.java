package org.smartbox.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code file} SMS gateway of a bench box: every message, code included, is appended to a file
 * instead of being sent. Codes in clear on disk have no place on a real box, so the gateway is only
 * accepted together with {@code hardware.platform=mock}.
 */
public record SmsFileConfig(Path path) {

    public static Optional<SmsFileConfig> from(ConfigFile f, BoxConfig box, Optional<HardwareConfig> hardware) {
        Optional<Path> path = f.path("sms.file");
        if (!box.smsGateways().contains("file")) {
            if (path.isPresent()) {
                throw f.problem("sms.file", "is set, but sms.gateways does not list file");
            }
            return Optional.empty();
        }
        if (hardware.isEmpty() || hardware.get().platform() != HardwareConfig.Platform.MOCK) {
            throw f.problem("sms.gateways", "file writes every code in clear to a file; it is only for bench boxes"
                    + " with hardware.platform=mock");
        }
        return Optional.of(new SmsFileConfig(path.orElseThrow(() -> f.problem("sms.file",
                "missing; the file gateway needs the file to append messages to"))));
    }
}
