package org.smartbox.modem;

import java.io.IOException;

/**
 * An open byte link to a modem: bytes go out with {@link #write}, bytes come in through the
 * {@link Listener} given when the link was opened, on the transport's own reader thread.
 */
public interface ModemLink extends AutoCloseable {

    /** Receives what the modem sends, and the end of the link. Called on the reader thread. */
    interface Listener {

        /** {@code length} bytes of {@code data} arrived; the array is not kept by the caller. */
        void received(byte[] data, int length);

        /** The link broke (port gone, I/O error); {@code reason} is safe to show and log. Called once. */
        void failed(String reason);
    }

    /** Writes all of {@code bytes}; throws when the link is broken or closed. */
    void write(byte[] bytes) throws IOException;

    /** Closes the link; safe to call more than once and from any thread. Never blocks for long. */
    @Override
    void close();
}
