package org.smartbox.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A 6 MB tmpfs mounted for each test, to fill up for real ({@code @RegisterExtension}). Mounting
 * needs root (CI runs as root); without it the test is skipped, not failed.
 */
public final class TinyFileSystem implements BeforeEachCallback, AfterEachCallback {

    private Path parent;
    private Path mount;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException, InterruptedException {
        parent = Files.createTempDirectory("smartbox-tiny");
        mount = Files.createDirectory(parent.resolve("data"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!mounted) {
            String why = new String(p.getInputStream().readAllBytes());
            removeFolder();
            assumeTrue(false, "needs root to mount a tmpfs (CI runs as root): " + why);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException, InterruptedException {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
            removeFolder();
        }
    }

    /** The mounted folder. */
    public Path path() {
        return mount;
    }

    /** Writes {@code name} until the file system is full. */
    public void fill(String name) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(mount.resolve(name))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // The file system is full now.
        }
    }

    private void removeFolder() throws IOException {
        try (Stream<Path> files = Files.walk(parent)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        mount = null;
    }
}
