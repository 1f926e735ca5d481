package org.smartbox.diag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What checks read from the operating system, behind one interface, so each check can be tested
 * with a healthy and a broken machine without touching the real one.
 */
public interface SystemFacts {

    /** A small text file's content (sysfs, procfs), or empty when it is absent or unreadable. */
    Optional<String> readFile(Path file);

    /** Runs a command (no shell) with a short timeout; empty when it is missing or fails. */
    Optional<String> run(List<String> command);

    /** Usable bytes on the file system holding {@code path}. */
    long freeBytes(Path path) throws IOException;
}
