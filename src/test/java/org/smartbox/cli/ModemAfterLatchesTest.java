package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.modem.ModemEmulator;
import org.smartbox.modem.PtyPair;

/**
 * SPEC §8: at start every latch is held before anything else happens. {@code smartbox run} builds
 * its SMS gateways before it touches a pin (so a bad config is exit 2 first), so building them must
 * not open the modem's port: that waits for {@link SmsGateways#start}, which the box calls once the
 * latches are held (RunningBox step 1).
 */
class ModemAfterLatchesTest {

    @TempDir
    Path dir;

    @Test
    void buildingTheGatewaysOpensNoPortTheModemOpensOnlyWhenStarted() throws Exception {
        PtyPair.assumeSocat();
        ModemEmulator modem = new ModemEmulator();
        try (PtyPair pty = new PtyPair(dir).start()) {
            pty.serve(modem);
            DeviceConfig device = DeviceConfig.from(ConfigFile.parse("box.properties", new ByteArrayInputStream(
                    ("box.id=SB-7\nsms.gateways=modem\nmodem.port=" + pty.boxEnd() + "\n")
                            .getBytes(StandardCharsets.UTF_8))));
            try (SmsGateways gateways = new SmsGateways(device, Optional.empty())) {
                assertEquals(1, gateways.all().size());
                Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                        .until(() -> modem.commands().isEmpty());
                gateways.start();
                Awaitility.await("the modem is asked once started").atMost(Duration.ofSeconds(15))
                        .until(() -> !modem.commands().isEmpty());
                assertTrue(modem.commands().get(0).toUpperCase(java.util.Locale.ROOT).startsWith("AT"),
                        modem.commands().toString());
            }
        }
    }
}
