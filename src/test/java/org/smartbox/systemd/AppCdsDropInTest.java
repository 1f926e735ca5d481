package org.smartbox.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional AppCDS drop-in: the same command as the unit's, and a unit systemd accepts with it. */
class AppCdsDropInTest {

    private static final Path UNIT = Path.of("systemd/smartbox.service");
    private static final Path DROP_IN = Path.of("systemd/smartbox.service.d/appcds.conf");

    private static String execStart(String unit) {
        return unit.lines().filter(l -> l.startsWith("ExecStart=") && l.length() > "ExecStart=".length())
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void theDropInRunsWhatTheUnitRuns() throws IOException {
        String unit = execStart(Files.readString(UNIT));
        String dropIn = execStart(Files.readString(DROP_IN));
        // The unit: ExecStart=/usr/bin/java $JAVA_OPTS -jar ... run --config ...
        String command = unit.substring(unit.indexOf(" -jar "));
        assertTrue(dropIn.endsWith(command + "'"), "the drop-in starts\n" + command + "\nbut has\n" + dropIn);
        assertTrue(dropIn.contains("exec /usr/bin/java $$JAVA_OPTS $$x -jar"), "java stays the main process");
        assertTrue(Files.readString(DROP_IN).contains("\nExecStart=\n"), "the unit's ExecStart is replaced, not added to");
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitWithTheDropIn(@TempDir Path dir) throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed (.ci/run installs it); skipped");
        Path unit = dir.resolve("smartbox.service");
        Files.copy(UNIT, unit);
        Path dropIns = Files.createDirectories(dir.resolve("smartbox.service.d"));
        Files.copy(DROP_IN, dropIns.resolve("appcds.conf"));
        Process process = new ProcessBuilder(List.of(tool.toString(), "verify", unit.toString()))
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output.strip(), "no warnings either");
    }
}
