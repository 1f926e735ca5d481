package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the built jar as an operator starts it from a shell: stdin in, exit status and both outputs back. */
final class JarRun {

    private JarRun() {
    }

    record Result(int status, String out, String err) {
        void noStackTrace() {
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "stack trace on stderr: " + err);
        }
    }

    /** {@code java -jar smartbox.jar ARGS} in {@code dir}, fed {@code stdin}; waits up to a minute. */
    static Result run(Path dir, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", SimProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command did not finish: " + command);
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
