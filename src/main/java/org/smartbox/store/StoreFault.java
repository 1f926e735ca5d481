package org.smartbox.store;

import java.nio.file.FileSystemException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What kind of trouble the store is in, from SQLite's result code (not from message text, which
 * differs between driver versions and locales). Decides what the box shows and whether freeing the
 * reserve can help.
 */
public enum StoreFault {
    /** No room left on the file system: freeing the reserve lets the event in hand be recorded. */
    DISK_FULL("the disk is full", "Storage full"),
    /** The file is damaged: never serve from it. */
    CORRUPT("the database is corrupt", "Database damaged"),
    /** The file is not a SQLite database at all (or its header is damaged). */
    NOT_A_DATABASE("the file is not a SQLite database or is corrupt", "Database damaged"),
    /** Another process holds the database. */
    BUSY("the database is locked by another process", "Storage error"),
    /** The file or its folder cannot be written. */
    READ_ONLY("the database cannot be written (read-only file or folder)", "Storage error"),
    /** Anything else: the message says what. */
    OTHER(null, "Storage error");

    /** SQLite's extended code for a WAL index (-shm) that could not grow: the first write to fail on a full disk. */
    private static final int IOERR_SHMSIZE = SQLiteErrorCode.SQLITE_IOERR.code | (19 << 8);
    /** The POSIX reason Java gives for ENOSPC in a {@link FileSystemException}. */
    private static final String ENOSPC = "No space left on device";

    private final String description;
    private final String display;

    StoreFault(String description, String display) {
        this.description = description;
        this.display = display;
    }

    /** A short sentence for logs and {@code diag}, or null for {@link #OTHER}. */
    public String description() {
        return description;
    }

    /** The words for the 20-character display line. */
    public String display() {
        return display;
    }

    /** The kind of the first cause that has one; {@link #OTHER} when none does. */
    public static StoreFault of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            StoreFault kind = t instanceof StoreException s ? s.kindOwn() : ofOne(t);
            if (kind != OTHER) {
                return kind;
            }
        }
        return OTHER;
    }

    private static StoreFault ofOne(Throwable t) {
        if (t instanceof SQLiteException e) {
            return ofCode(e.getResultCode().code);
        }
        // The JDK's file system errors carry errno's text as their reason, not a code; it is fixed by POSIX.
        if (t instanceof FileSystemException e && ENOSPC.equals(e.getReason())) {
            return DISK_FULL;
        }
        return OTHER;
    }

    static StoreFault ofCode(int code) {
        if (code == IOERR_SHMSIZE) {
            return DISK_FULL;
        }
        int primary = code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return DISK_FULL;
        } else if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return CORRUPT;
        } else if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return NOT_A_DATABASE;
        } else if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return BUSY;
        } else if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
            return READ_ONLY;
        }
        return OTHER;
    }
}
