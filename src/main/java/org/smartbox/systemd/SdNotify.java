package org.smartbox.systemd;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) in Java: datagrams to the unix socket named by {@code $NOTIFY_SOCKET}, a file path or,
 * starting with {@code @}, a name in the abstract namespace. Java 17 alone cannot send unix datagrams,
 * hence junixsocket.
 */
public final class SdNotify implements ServiceNotifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

    private final AFUNIXDatagramChannel channel;
    private final AFUNIXSocketAddress target;
    private boolean warned;

    private SdNotify(AFUNIXDatagramChannel channel, AFUNIXSocketAddress target) {
        this.channel = channel;
        this.target = target;
    }

    /** Opens a socket towards {@code notifySocket}, the value of {@code $NOTIFY_SOCKET}. */
    public static SdNotify open(String notifySocket) throws IOException {
        return new SdNotify(AFUNIXDatagramChannel.open(), address(notifySocket));
    }

    static AFUNIXSocketAddress address(String notifySocket) throws SocketException {
        if (notifySocket.startsWith("@")) {
            return AFUNIXSocketAddress.inAbstractNamespace(notifySocket.substring(1));
        }
        return AFUNIXSocketAddress.of(Path.of(notifySocket));
    }

    @Override
    public synchronized void notify(String state) {
        try {
            channel.send(ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8)), target);
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot notify systemd ({}): {}", state, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the notify socket: {}", e.getMessage());
        }
    }
}
