package org.smartbox.diag;

import java.util.List;
import java.util.stream.Collectors;
import org.smartbox.config.MqttConfig;

/** The fleet link's secret files (MQTT password, client key): readable by their owner and group only. */
public final class FleetCredentialsCheck {

    private FleetCredentialsCheck() {
    }

    /** ok when no secret file is open to every user (the box refuses to start with one), fail otherwise. */
    public static CheckResult of(MqttConfig mqtt) {
        List<MqttConfig.OpenSecret> open = mqtt.openSecrets();
        if (!open.isEmpty()) {
            return CheckResult.fail("fleet credentials", open.stream().map(o -> o.key() + " " + o.file() + " mode "
                    + o.mode()).collect(Collectors.joining(", ")) + ": readable by every user",
                    "chmod o-rwx the file (0600, or 0640 with the service's group): the box will not start until then");
        }
        if (mqtt.passwordFile().isEmpty() && mqtt.clientKeyFile().isEmpty()) {
            return CheckResult.ok("fleet credentials", "none (no password file, no client key)");
        }
        return CheckResult.ok("fleet credentials", "password file and client key readable by owner and group only");
    }
}
