package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile config files through the built jar (SPEC §11): each exits 2 with one line on stderr that
 * names the file, prints nothing on stdout and creates no database, before anything is opened.
 * The config fuzzing itself (thousands of files) is proof/ConfigFuzzTest; here the exit path.
 */
class BadConfigIT {

    @TempDir
    Path dir;

    /** Files the fuzzer found trouble with, and random bytes. */
    private static byte[] config(int kind) {
        String base = "box.id=SB-DEMO\nsms.gateways=sim\n";
        return switch (kind) {
            case 0 -> (base + "db.file=box\\u0000.db\n").getBytes(StandardCharsets.UTF_8);
            case 1 -> "box.id=SB\\nDEMO\nsms.gateways=sim\n".getBytes(StandardCharsets.UTF_8);
            case 2 -> (base + "box.slots=\\uZZZZ\n").getBytes(StandardCharsets.UTF_8);
            case 3 -> (base + "latch.maxReleasedSeconds=10\n").getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] junk = new byte[200];
                new Random(kind).nextBytes(junk);
                yield junk;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aBadConfigExitsTwoWithOneLineBeforeAnythingIsOpened(int kind) throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.write(config, config(kind));
        Path db = dir.resolve("box.db");
        Process p = new ProcessBuilder(List.of("java", "-jar", SimProcess.jar().toAbsolutePath().toString(),
                "simulate", "--script", "--config", config.toString(), "--db", db.toString()))
                .directory(dir.toFile()).start();
        p.getOutputStream().write("key 246800#\nkey 1#\nquit\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertEquals("", out, "no READY, no UNLOCK: nothing ran");
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("smartbox: " + config), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(Files.exists(db), "no database is created from a bad config");
    }
}
