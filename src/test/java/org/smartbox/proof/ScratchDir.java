package org.smartbox.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary folder for a test database. On a RAM disk ({@code /dev/shm}) where there is one: the
 * properties run thousands of boxes, and what they prove does not depend on fsync. Tests about the
 * disk itself (power cut, full disk, kill -9) use a real folder instead.
 */
final class ScratchDir implements AutoCloseable {

    private static final Path RAM = Path.of("/dev/shm");

    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    static ScratchDir create() {
        try {
            Path parent = Files.isDirectory(RAM) && Files.isWritable(RAM) ? RAM
                    : Path.of(System.getProperty("java.io.tmpdir"));
            return new ScratchDir(Files.createTempDirectory(parent, "smartbox-proof-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return path;
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        deleteTree(path);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a leftover temp file fails nothing.
                }
            });
        } catch (IOException e) {
            // Best effort.
        }
    }
}
