package org.smartbox.proof;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KillNineTest} judges each kill on the last lines the child printed: an {@code UNLOCK} whose
 * {@code LOCK} it did not see is a latch open at the kill, which the database must have noted. On a
 * loaded machine the reader falls behind the child; the lines still in the pipe when the child is
 * killed must be read all the same, or a latch held (and its marker cleared) long before the kill
 * looks open and unnoted.
 */
class KillNineChildTest {

    @TempDir
    Path dir;

    @Test
    void everyLinePrintedBeforeTheKillIsReadThoughTheReaderWasFarBehind() throws Exception {
        Path written = dir.resolve("written");
        // More lines than the reader's buffer holds, fewer bytes than the pipe's: all written, then it idles.
        Process process = new ProcessBuilder("sh", "-c", "seq 1 5000 && : > '" + written + "' && exec sleep 600")
                .redirectError(dir.resolve("err").toFile())
                .start();
        // The reader stops at the first line until the child is dead: as far behind as it can be.
        KillNineTest.Child child = new KillNineTest.Child(process, dir.resolve("err"), line -> {
            if (line.equals("1")) {
                process.onExit().join();
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(written));

        List<String> seen = child.kill();

        assertEquals(5000, seen.size(), "lines read of the 5000 printed before the kill");
        assertEquals(IntStream.rangeClosed(1, 5000).mapToObj(Integer::toString).toList(), seen);
    }
}
