package org.smartbox.modem;

import java.util.Optional;

/** An AT command did not end in {@code OK}. The message is safe to log: no number, no message text. */
public final class AtException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How it failed. */
    public enum Kind {
        /** No final result within the step's timeout: the modem is not answering (or too slow). */
        TIMEOUT,
        /** The modem answered with an error result; see {@link #error()}. */
        ERROR,
        /** The link broke: port gone, I/O error, closed. */
        LINK,
        /** The modem answered, but not as the protocol says (e.g. {@code OK} without {@code +CMGS}). */
        PROTOCOL
    }

    private final Kind kind;
    private final transient ModemError error;

    private AtException(Kind kind, String message, ModemError error) {
        super(message);
        this.kind = kind;
        this.error = error;
    }

    static AtException timeout(String message) {
        return new AtException(Kind.TIMEOUT, message, null);
    }

    static AtException error(ModemError error) {
        return new AtException(Kind.ERROR, error.reason(), error);
    }

    static AtException link(String reason) {
        return new AtException(Kind.LINK, reason, null);
    }

    static AtException protocol(String message) {
        return new AtException(Kind.PROTOCOL, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<ModemError> error() {
        return Optional.ofNullable(error);
    }
}
