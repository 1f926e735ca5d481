package org.smartbox.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service unit as systemd reads it, and the launcher it starts (/usr/bin/smartbox). */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("systemd/smartbox.service");
    private static final Path LAUNCHER = Path.of("src/deb/smartbox");

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnit(@TempDir Path dir) throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed (.ci/run installs it); skipped");
        // verify wants ExecStart's program to exist: the launcher from the source tree stands in for
        // /usr/bin/smartbox (DebianPackageIT verifies the installed unit as it is).
        Path launcher = dir.resolve("smartbox");
        Files.copy(LAUNCHER, launcher);
        assertTrue(launcher.toFile().setExecutable(true));
        Path unit = dir.resolve("smartbox.service");
        Files.writeString(unit, Files.readString(UNIT).replace("ExecStart=/usr/bin/smartbox ", "ExecStart=" + launcher + " "));
        // --man=no: the unit names man:smartbox(1), which only the installed package brings.
        Process process = new ProcessBuilder(tool.toString(), "verify", "--man=no", unit.toString())
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
                "DeviceAllow=char-i2c rw", "RestartPreventExitStatus=2",
                "ExecStart=/usr/bin/smartbox run --config /etc/smartbox/smartbox.properties"}) {
            assertTrue(unit.contains(line), "the unit has " + line);
        }
    }

    @Test
    void theLauncherStartsJavaWithTheUnitsFlags() throws IOException {
        Matcher unitFlags = Pattern.compile("Environment=\"SMARTBOX_JAVA_OPTS=([^\"]*)\"").matcher(Files.readString(UNIT));
        Matcher launcherFlags = Pattern.compile("opts=\\$\\{SMARTBOX_JAVA_OPTS-\"([^\"]*)\"\\}")
                .matcher(Files.readString(LAUNCHER));
        assertTrue(unitFlags.find(), "the unit sets SMARTBOX_JAVA_OPTS");
        assertTrue(launcherFlags.find(), "the launcher has a default for SMARTBOX_JAVA_OPTS");
        assertEquals(unitFlags.group(1), launcherFlags.group(1), "smartbox diag over SSH runs with the service's JVM");
        assertTrue(unitFlags.group(1).contains("-Xmx128m") && unitFlags.group(1).contains("-XX:+UseSerialGC"));
    }

    @Test
    void theLauncherGivesOnlyTheServiceUserItsPrivateTempFolderAndExecsJava() throws IOException {
        String launcher = Files.readString(LAUNCHER);
        assertTrue(launcher.contains("if [ \"$(id -un)\" = smartbox ] && [ -d /var/lib/smartbox/tmp ]; then\n"
                + "    opts=\"$opts -Djava.io.tmpdir=/var/lib/smartbox/tmp\""), launcher);
        assertTrue(launcher.contains("exec \"$java\" $opts -jar \"$jar\" \"$@\""), "java replaces the shell");
    }

    @Test
    void theLauncherIsAValidShellScript() throws Exception {
        Process process = new ProcessBuilder("sh", "-n", LAUNCHER.toString()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
