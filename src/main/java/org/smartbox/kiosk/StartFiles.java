package org.smartbox.kiosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.BoxConfig;

/**
 * The files a kiosk's start may create: the database (with its WAL, shared-memory index and disk
 * reserve) and the box secret. A start that fails removes those it created and nothing else
 * (SPEC §13), so it leaves no fresh secret beside an existing database, and no empty database that
 * the next start would take for a box that was set up. The service lock file is not among them: it
 * must stay where other processes may have it open.
 */
public final class StartFiles {

    private static final Logger LOG = LoggerFactory.getLogger(StartFiles.class);
    /** SQLite's companions of a database file; touched only when the database itself is new. */
    private static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal", ".ballast");

    private final List<Path> created = new ArrayList<>();

    private StartFiles(List<Path> absent) {
        created.addAll(absent);
    }

    /** Notes which of the box's files do not exist yet; call before the start opens anything. */
    public static StartFiles before(BoxConfig config, Path db) {
        List<Path> absent = new ArrayList<>();
        Path secret = config.secretPath(db);
        if (!Files.exists(secret)) {
            absent.add(secret);
        }
        if (!Files.exists(db)) {
            // A database that existed keeps its companions: another process may be writing its WAL.
            absent.add(db);
            for (String suffix : COMPANIONS) {
                Path companion = db.resolveSibling(db.getFileName() + suffix);
                if (!Files.exists(companion)) {
                    absent.add(companion);
                }
            }
        }
        return new StartFiles(absent);
    }

    /** The start failed and closed what it opened: removes the files it created. */
    public void removeCreated() {
        for (Path file : created) {
            try {
                if (Files.deleteIfExists(file)) {
                    LOG.info("{}: removed, the start that created it failed", file);
                }
            } catch (IOException e) {
                LOG.warn("{}: could not remove it after the failed start: {}", file, e.getMessage());
            }
        }
    }
}
