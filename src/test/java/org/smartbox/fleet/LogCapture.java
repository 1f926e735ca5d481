package org.smartbox.fleet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What the program logs (slf4j-simple writes to {@code System.err} at each line), captured while the
 * test runs and still passed on to the real stderr.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (copy) {
                    copy.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    List<String> lines() {
        synchronized (copy) {
            return Arrays.asList(copy.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    /** Lines with both fragments, e.g. {@code "[WARN]"} and {@code "cannot connect"}. */
    List<String> lines(String level, String fragment) {
        return lines().stream().filter(l -> l.contains(level) && l.contains(fragment)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
