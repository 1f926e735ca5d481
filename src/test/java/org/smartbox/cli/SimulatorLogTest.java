package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's log is appended to, and moved aside once it is large, never emptied in place. */
class SimulatorLogTest {

    @TempDir
    Path dir;

    private static void write(Path log, String text) {
        try (PrintStream out = SimulatorLog.open(log).orElseThrow()) {
            out.print(text);
        }
    }

    @Test
    void eachStartAppends() throws Exception {
        Path log = dir.resolve("smartbox-sim.log");
        write(log, "first run\n");
        write(log, "second run\n");
        assertEquals("first run\nsecond run\n", Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void aLargeLogIsMovedAsideFirst() throws Exception {
        Path log = dir.resolve("smartbox-sim.log");
        Files.write(log, new byte[(int) SimulatorLog.ROTATE_BYTES + 1]);
        write(log, "new run\n");
        assertEquals("new run\n", Files.readString(log, StandardCharsets.UTF_8));
        assertEquals(SimulatorLog.ROTATE_BYTES + 1, Files.size(dir.resolve("smartbox-sim.log.1")));
    }
}
