package org.smartbox.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The service unit as systemd reads it. */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("systemd/smartbox.service");

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnit() throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed (.ci/run installs it); skipped");
        Process process = new ProcessBuilder(tool.toString(), "verify", UNIT.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output.strip(), "no warnings either");
    }

    @Test
    void theUnitKeepsTheSafetyAndHardeningSettings() throws IOException {
        String unit = Files.readString(UNIT);
        for (String line : new String[] {"Type=notify", "WatchdogSec=", "Restart=on-failure", "User=smartbox",
                "SupplementaryGroups=gpio i2c dialout", "StateDirectory=smartbox", "ProtectSystem=strict",
                "NoNewPrivileges=yes", "PrivateTmp=yes", "DevicePolicy=closed", "DeviceAllow=char-gpiochip rw",
                "DeviceAllow=char-i2c rw", "-Djava.io.tmpdir=/var/lib/smartbox/tmp", "RestartPreventExitStatus=2"}) {
            assertTrue(unit.contains(line), "the unit has " + line);
        }
    }
}
