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
}
