package org.smartbox.store;

/**
 * The database cannot do what was asked: corrupt file, full disk, locked, or a bug in a query.
 * Messages name the file and the trouble, never a secret or a row's personal data. The
 * {@link #kind()} says which trouble, for code that must decide (free the reserve, what to show).
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final StoreFault kind;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
        this.kind = StoreFault.OTHER;
    }

    public StoreException(String message) {
        this(StoreFault.OTHER, message, null);
    }

    public StoreException(StoreFault kind, String message) {
        this(kind, message, null);
    }

    public StoreException(StoreFault kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The kind given when this was thrown, without looking at the causes. */
    StoreFault kindOwn() {
        return kind;
    }

    /** The kind of trouble: given when thrown, or else found in the causes' SQLite result codes. */
    public StoreFault kind() {
        return StoreFault.of(this);
    }

    /** The file system has no room left (SQLITE_FULL, or ENOSPC underneath). */
    public boolean diskFull() {
        return kind() == StoreFault.DISK_FULL;
    }
}
