package org.smartbox.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;

/**
 * Work posted from another thread (as the fleet link posts a sync document) runs on the script's
 * thread between two commands: its lines never land inside a command's block, and it runs while
 * the script waits for its next line.
 */
class ScriptThreadingTest {

    @TempDir
    Path dir;

    @Test
    void postedWorkRunsBetweenCommandsWhileTheScriptWaits() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ProtocolOut out = new ProtocolOut(new PrintStream(new ByteArrayOutputStream()));
        out.tap(lines::add);
        SimulatedBox box = Simulator.start(new Simulator.Options(SimBoxes.config("").box(), dir.resolve("box.db"),
                Optional.empty(), SimBoxes.NOW, () -> Optional.empty(), kind -> {
                    throw new IllegalArgumentException(kind);
                }, () -> "simulated", now -> List.of(), new SecureRandom(), "test"), out);
        box.begin();
        PipedOutputStream input = new PipedOutputStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(new PipedInputStream(input),
                StandardCharsets.UTF_8));
        CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
            try {
                new ScriptProtocol(box, out).run(reader);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        input.write("key 1\nkey 2\n".getBytes(StandardCharsets.UTF_8));
        input.flush();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.stream().filter("OK"::equals).count() < 2 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        // No further input: the script waits, and the posted work still runs.
        long seq = box.later(() -> box.kiosk().data().audit().append(AuditEvent.of(AuditType.DIAG, "from", "elsewhere"),
                box.clock().now().wall()).seq()).get(10, TimeUnit.SECONDS);
        assertTrue(seq > 0);
        input.write("key *\nquit\n".getBytes(StandardCharsets.UTF_8));
        input.close();
        script.get(10, TimeUnit.SECONDS);

        List<String> all = List.copyOf(lines);
        int posted = all.indexOf("AUDIT DIAG from=elsewhere");
        assertTrue(posted > 0, all::toString);
        assertEquals("OK", all.get(posted - 1), "posted work comes after a command's OK: " + all);
        assertEquals(2, all.subList(0, posted).stream().filter("OK"::equals).count(), all::toString);
        long oks = all.stream().filter("OK"::equals).count();
        assertEquals(4, oks, all::toString);
        assertEquals("OK", all.get(all.size() - 1));
    }
}
