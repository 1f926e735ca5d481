package org.smartbox.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A 6 MB tmpfs mounted under a test's folder, to fill up for real. Mounting needs root (CI runs as
 * root); without it the test is skipped, not failed.
 */
public final class TinyFileSystem implements AutoCloseable {

    private final Path mount;

    private TinyFileSystem(Path mount) {
        this.mount = mount;
    }

    /** Mounts the tmpfs at {@code parent/data}, or skips the calling test. */
    public static TinyFileSystem mountUnder(Path parent) throws IOException, InterruptedException {
        Path mount = parent.resolve("data");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "needs root to mount a tmpfs (CI runs as root): "
                + new String(p.getInputStream().readAllBytes()));
        return new TinyFileSystem(mount);
    }

    public Path path() {
        return mount;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
}
