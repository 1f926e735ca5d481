package org.smartbox.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reserve of disk space beside the database. When the disk fills up, the box deletes it to record
 * the event in hand (a key already taken must not go unrecorded), then goes out of service until
 * there is room to put the reserve back.
 */
public final class Ballast {

    private static final Logger LOG = LoggerFactory.getLogger(Ballast.class);
    public static final int DEFAULT_BYTES = 2 * 1024 * 1024;

    private final Path file;
    private final int bytes;

    public Ballast(Path file, int bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** For a database file: {@code box.db} keeps its reserve in {@code box.db.ballast}. */
    public static Ballast beside(Path dbFile) {
        return new Ballast(dbFile.resolveSibling(dbFile.getFileName() + ".ballast"), DEFAULT_BYTES);
    }

    /** Puts the reserve in place; false when there is no room for it (the disk is still full). */
    public boolean ensure() {
        try {
            if (Files.isRegularFile(file) && Files.size(file) >= bytes) {
                return true;
            }
            byte[] block = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                for (int written = 0; written < bytes; written += block.length) {
                    out.write(block, 0, Math.min(block.length, bytes - written));
                }
            }
            return true;
        } catch (IOException e) {
            LOG.warn("{}: no room for the disk reserve: {}", file, e.getMessage());
            deleteQuietly();
            return false;
        }
    }

    /** Frees the reserve; false when there was none to free. */
    public boolean release() {
        boolean had = Files.isRegularFile(file);
        deleteQuietly();
        if (had) {
            LOG.error("{}: disk full; the reserve was freed to record the last event", file);
        }
        return had;
    }

    private void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("{}: cannot delete: {}", file, e.getMessage());
        }
    }
}
