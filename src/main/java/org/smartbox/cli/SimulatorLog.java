package org.smartbox.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The interactive simulator's log file. The terminal belongs to the drawing, so log lines go to a file;
 * slf4j-simple would open its {@code logFile} truncated and wipe the last run's log on every start, so
 * the file is opened here, for appending, and stands in for stderr while the simulator draws. A log
 * past {@link #ROTATE_BYTES} is moved aside to {@code NAME.1} first, so it cannot grow without end.
 */
final class SimulatorLog {

    static final long ROTATE_BYTES = 4L << 20;

    private SimulatorLog() {
    }

    /** The log opened for appending (created when missing, the previous one rotated when large), or empty. */
    static Optional<PrintStream> open(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > ROTATE_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            // No log file (a read-only folder): the lines go to the terminal as before, drawn over.
            return Optional.empty();
        }
    }
}
