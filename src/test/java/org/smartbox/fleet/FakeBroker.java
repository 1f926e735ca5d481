package org.smartbox.fleet;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker that misbehaves, on 127.0.0.1: it takes TCP connections and then either says nothing at
 * all (a broker whose process hangs), passes everything through to a real broker, or, as a broker
 * that ignores the client's Maximum Packet Size, accepts the client and then sends one enormous
 * PUBLISH. It counts what it saw so a test can tell what the client did.
 */
final class FakeBroker implements AutoCloseable {

    /** What the fake does with each new connection. */
    enum Mode { SILENT, FORWARD, OVERSIZED }

    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final AtomicLong oversizedBytesWritten = new AtomicLong();
    private volatile Mode mode;
    private volatile int forwardPort;
    private volatile long oversizedLength;
    private final Thread acceptor;

    FakeBroker(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** New connections are passed through to a broker on {@code port} (those already open stay as they are). */
    void forwardTo(int port) {
        forwardPort = port;
        mode = Mode.FORWARD;
    }

    /** New connections get a CONNACK, a SUBACK, then a PUBLISH whose header claims {@code length} bytes. */
    void sendOversized(long length) {
        oversizedLength = length;
        mode = Mode.OVERSIZED;
    }

    int accepted() {
        return accepted.get();
    }

    /** Connections the client closed while this fake held them silent. */
    int closedByClient() {
        return closedByClient.get();
    }

    /** Bytes of the oversized PUBLISH's body that went out before the client closed the connection. */
    long oversizedBytesWritten() {
        return oversizedBytesWritten.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(socket);
            Mode now = mode;
            Thread handler = new Thread(() -> handle(socket, now), "fake-broker-connection");
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void handle(Socket socket, Mode how) {
        try {
            switch (how) {
                case SILENT -> silent(socket);
                case FORWARD -> forward(socket);
                case OVERSIZED -> oversized(socket);
                default -> throw new IllegalStateException(how.name());
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    /** Reads whatever comes and answers nothing, until the client gives up. */
    private void silent(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // a hung broker reads and says nothing
            }
        } catch (SocketException e) {
            // reset by the client
        }
        closedByClient.incrementAndGet();
    }

    private void forward(Socket socket) throws IOException {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), forwardPort);
        open.add(upstream);
        Thread back = new Thread(() -> pipe(upstream, socket), "fake-broker-back");
        back.setDaemon(true);
        back.start();
        pipe(socket, upstream);
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed
        } finally {
            close(from);
            close(to);
        }
    }

    private void oversized(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        readPacket(in); // CONNECT
        out.write(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00}); // CONNACK: new session, success, no properties
        out.flush();
        byte[] subscribe = readPacket(in);
        int packetId = ((subscribe[0] & 0xFF) << 8) | (subscribe[1] & 0xFF);
        out.write(new byte[] {(byte) 0x90, 0x06, (byte) (packetId >> 8), (byte) packetId, 0x00, 0x01, 0x01, 0x01});
        out.flush();
        byte[] topic = "smartbox/SB-DEMO/sync".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0x30); // PUBLISH, QoS 0
        writeLength(header, oversizedLength);
        header.write(topic.length >> 8);
        header.write(topic.length);
        header.writeBytes(topic);
        header.write(0x00); // no properties
        out.write(header.toByteArray());
        byte[] zeros = new byte[64 * 1024];
        long body = oversizedLength - 2 - topic.length - 1;
        while (body > 0) {
            int n = (int) Math.min(zeros.length, body);
            out.write(zeros, 0, n);
            oversizedBytesWritten.addAndGet(n);
            body -= n;
        }
        out.flush();
    }

    /** An MQTT packet's remaining length: seven bits a byte, the high bit saying another follows. */
    static void writeLength(ByteArrayOutputStream out, long length) {
        long remaining = length;
        do {
            int digit = (int) (remaining % 128);
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
    }

    /** One MQTT packet's variable header and payload (after its fixed header). */
    private static byte[] readPacket(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            close(socket);
        }
    }
}
