package org.smartbox.store;

/**
 * The database cannot do what was asked: corrupt file, full disk, locked, or a bug in a query.
 * Messages name the file and the trouble, never a secret or a row's personal data.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /** The file system has no room left (SQLITE_FULL, or ENOSPC underneath). */
    public boolean diskFull() {
        for (Throwable t = this; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("SQLITE_FULL") || message.contains("disk is full")
                    || message.contains("No space left"))) {
                return true;
            }
        }
        return false;
    }
}
