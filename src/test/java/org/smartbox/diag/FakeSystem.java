package org.smartbox.diag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A machine whose files, commands and free space a test decides. */
final class FakeSystem implements SystemFacts {

    final Map<String, String> files = new HashMap<>();
    final Map<String, String> commands = new HashMap<>();
    long free = 10L * 1024 * 1024 * 1024;

    @Override
    public Optional<String> readFile(Path file) {
        return Optional.ofNullable(files.get(file.toString()));
    }

    @Override
    public Optional<String> run(List<String> command) {
        return Optional.ofNullable(commands.get(String.join(" ", command)));
    }

    @Override
    public long freeBytes(Path path) throws IOException {
        if (free < 0) {
            throw new IOException(path + ": no such folder");
        }
        return free;
    }
}
