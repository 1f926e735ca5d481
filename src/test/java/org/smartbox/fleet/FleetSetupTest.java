package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.ConfigException;
import org.smartbox.config.DeviceConfig;

/** What the link refuses before it connects: secret files every user of the machine may read (issue 21 item 6). */
class FleetSetupTest {

    @TempDir
    Path dir;

    @Test
    void aBoxWillNotStartWithAPasswordFileEveryUserMayRead() throws Exception {
        Path user = Files.writeString(dir.resolve("mqtt.user"), "box\n");
        Path password = Files.writeString(dir.resolve("mqtt.pass"), "secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        DeviceConfig config = FleetBox.config("tcp://127.0.0.1:1883", "mqtt.usernameFile=" + user
                + "\nmqtt.passwordFile=" + password + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> FleetLink.create(config.mqtt().orElseThrow(),
                "SB-DEMO", "test", "box.properties"));
        assertEquals("mqtt.passwordFile", e.key());
        assertTrue(e.getMessage().contains("chmod o-rwx"), e.getMessage());
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        FleetLink.create(config.mqtt().orElseThrow(), "SB-DEMO", "test", "box.properties").close();
    }

    @Test
    void aClientKeyEveryUserMayReadIsRefusedLikeThePassword() throws Exception {
        Path key = Files.writeString(dir.resolve("box.key"), "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        DeviceConfig config = FleetBox.config("ssl://127.0.0.1:8883", "mqtt.clientCertFile=" + key
                + "\nmqtt.clientKeyFile=" + key + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> FleetLink.create(config.mqtt().orElseThrow(),
                "SB-DEMO", "test", "box.properties"));
        assertEquals("mqtt.clientKeyFile", e.key());
    }
}
