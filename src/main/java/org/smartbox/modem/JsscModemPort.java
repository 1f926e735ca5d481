package org.smartbox.modem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A modem on a serial port, through jssc, with one reader thread per open link.
 *
 * <p>The reader never blocks or loops inside jssc's native code. jssc's untimed {@code readBytes}
 * waits in {@code poll(2)} with no timeout, and nothing wakes it: closing the descriptor under it
 * leaves it blocked, or lets it read from whatever file the process opens next under the same
 * descriptor number (seen in the pty tests as a reader stuck after a quick reopen). And when the
 * device goes away (a USB modem re-enumerating, the far end of a pty closing) the tty is hung up and
 * that native read loops on a read that returns 0, burning a whole core. jssc's timed reads and its
 * Linux event listener poll in a tight loop. So the reader asks how many bytes are waiting
 * ({@code FIONREAD}), reads exactly those (which returns at once), and otherwise parks: 5 ms after
 * a write or an answer, doubling to 500 ms while the modem is quiet. A hung-up tty fails that
 * {@code FIONREAD} with EIO, and a vanished device node is checked every second, so the link fails
 * fast with a clear reason. Every use of the descriptor and its closing take one lock, so closing is
 * always safe.
 */
public final class JsscModemPort implements ModemPort {

    private static final Logger LOG = LoggerFactory.getLogger(JsscModemPort.class);
    /** How long a reopen waits for the previous link's reader to finish. */
    private static final Duration REOPEN_WAIT = Duration.ofSeconds(1);

    private final String path;
    private final int baud;
    private volatile JsscLink current;

    public JsscModemPort(String path, int baud) {
        this.path = path;
        this.baud = baud;
    }

    @Override
    public String name() {
        return path;
    }

    @Override
    public boolean present() {
        return Files.exists(Path.of(path));
    }

    @Override
    public ModemLink open(ModemLink.Listener listener) throws IOException {
        JsscLink previous = current;
        if (previous != null && previous.readerAlive()) {
            // Closing ends a reader within one park; two descriptors at once would split the answers.
            previous.close();
            try {
                if (!previous.awaitClosed(REOPEN_WAIT)) {
                    throw new IOException("modem port " + path + " is still held by the previous connection");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while opening modem port " + path);
            }
        }
        if (!present()) {
            throw new IOException("modem port " + path + " is gone");
        }
        SerialPort port;
        try {
            port = new SerialPort(path);
            port.openPort();
        } catch (SerialPortException e) {
            throw new IOException(openProblem(e));
        } catch (LinkageError e) {
            throw new IOException("the serial port library cannot load on this machine: " + e.getMessage());
        }
        try {
            // On a pty jssc reports false (it cannot set RTS/DTR there), although the line settings applied.
            if (!port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE,
                    true, true)) {
                LOG.debug("{}: control lines not set (normal on a pseudo-terminal)", path);
            }
            port.purgePort(SerialPort.PURGE_RXCLEAR | SerialPort.PURGE_TXCLEAR);
        } catch (SerialPortException e) {
            closeQuietly(port);
            throw new IOException("modem port " + path + " cannot be set up: " + e.getExceptionType());
        }
        JsscLink link = new JsscLink(port, path, listener);
        current = link;
        link.start();
        LOG.debug("{} open at {} baud", path, baud);
        return link;
    }

    /** The reader thread of the current link, for tests that measure its CPU use. */
    Thread readerThread() {
        JsscLink link = current;
        return link == null ? null : link.reader;
    }

    private String openProblem(SerialPortException e) {
        String type = e.getExceptionType();
        if (SerialPortException.TYPE_PORT_BUSY.equals(type)) {
            return "modem port " + path + " is busy (another program has it open)";
        } else if (SerialPortException.TYPE_PORT_NOT_FOUND.equals(type)) {
            return "modem port " + path + " is gone";
        } else if (SerialPortException.TYPE_PERMISSION_DENIED.equals(type)) {
            return "no permission to open modem port " + path + " (is the service user in group dialout?)";
        } else if (SerialPortException.TYPE_INCORRECT_SERIAL_PORT.equals(type)) {
            return path + " is not a serial port";
        }
        return "modem port " + path + " cannot be opened: " + type;
    }

    private static void closeQuietly(SerialPort port) {
        try {
            port.closePort();
        } catch (SerialPortException e) {
            LOG.debug("closing {}: {}", port.getPortName(), e.getExceptionType());
        }
    }

    /** One open descriptor on the port and its reader. */
    static final class JsscLink implements ModemLink {

        private static final byte[] EMPTY = new byte[0];
        /** The wait after a write or an answer: answers come within milliseconds. */
        static final long FAST_NANOS = 5_000_000L;
        /** The longest wait while the modem is quiet (an unsolicited line waits at most this). */
        static final long IDLE_NANOS = 500_000_000L;
        private static final long PRESENCE_NANOS = 1_000_000_000L;
        private static final long READ_GRACE_NANOS = 100_000_000L;
        /** More than a modem sends at once; the rest is read on the next turn. */
        private static final int MAX_READ = 4096;

        private final SerialPort port;
        private final String path;
        private final Listener listener;
        /** Guards the descriptor: every jssc call on it, and its closing. */
        private final Object fd = new Object();
        private boolean fdClosed;
        /** The reader is inside jssc's read of bytes FIONREAD said were there (microseconds). */
        private volatile boolean reading;
        private volatile boolean closing;
        private volatile boolean active;
        private final AtomicBoolean failed = new AtomicBoolean();
        private final CountDownLatch readerDone = new CountDownLatch(1);
        final Thread reader;

        JsscLink(SerialPort port, String path, Listener listener) {
            this.port = port;
            this.path = path;
            this.listener = listener;
            this.reader = new Thread(this::readLoop, "modem-reader");
            reader.setDaemon(true);
        }

        void start() {
            reader.start();
        }

        boolean readerAlive() {
            return readerDone.getCount() > 0;
        }

        private void readLoop() {
            long wait = FAST_NANOS;
            long presenceChecked = System.nanoTime();
            try {
                while (!closing) {
                    int available;
                    synchronized (fd) {
                        if (fdClosed) {
                            break;
                        }
                        // FIONREAD: fails with EIO once the tty hung up.
                        available = port.getInputBufferBytesCount();
                        reading = available > 0;
                    }
                    byte[] data = EMPTY;
                    if (available > 0) {
                        try {
                            // Outside the lock: should the tty hang up in the microseconds since FIONREAD,
                            // jssc would loop here, and a write must still get the lock to find out.
                            data = port.readBytes(Math.min(available, MAX_READ));
                        } finally {
                            reading = false;
                        }
                    }
                    if (data.length > 0) {
                        listener.received(data, data.length);
                        wait = FAST_NANOS;
                        continue;
                    }
                    long now = System.nanoTime();
                    if (now - presenceChecked >= PRESENCE_NANOS) {
                        presenceChecked = now;
                        if (!Files.exists(Path.of(path))) {
                            fail("modem port " + path + " is gone");
                            break;
                        }
                    }
                    if (active) {
                        active = false;
                        wait = FAST_NANOS;
                    }
                    LockSupport.parkNanos(this, wait);
                    wait = Math.min(wait * 2, IDLE_NANOS);
                }
            } catch (SerialPortException e) {
                fail(Files.exists(Path.of(path)) ? "modem port " + path + " hung up"
                        : "modem port " + path + " is gone");
            } catch (RuntimeException e) {
                fail("modem port " + path + " failed: " + e.getMessage());
            } finally {
                closeDescriptor();
                readerDone.countDown();
            }
        }

        private void fail(String reason) {
            if (!closing && failed.compareAndSet(false, true)) {
                LOG.warn("{}", reason);
                listener.failed(reason);
            }
        }

        private void closeDescriptor() {
            synchronized (fd) {
                if (fdClosed) {
                    return;
                }
                fdClosed = true;
                if (Thread.currentThread() != reader) {
                    // A read of bytes that were there returns within microseconds: let it.
                    long end = System.nanoTime() + READ_GRACE_NANOS;
                    while (reading && System.nanoTime() < end) {
                        LockSupport.parkNanos(1_000_000L);
                    }
                    if (reading) {
                        // The tty hung up between FIONREAD and the read, and jssc loops on it: closing
                        // the descriptor is the one way to end that loop.
                        LOG.warn("{}: closing under a read that did not return", path);
                    }
                }
                closeQuietly(port);
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            synchronized (fd) {
                if (fdClosed || closing) {
                    throw new IOException("modem port " + path + " is closed");
                }
                try {
                    if (!port.writeBytes(bytes)) {
                        throw new IOException("modem port " + path + " took only part of a write");
                    }
                } catch (SerialPortException e) {
                    String reason = Files.exists(Path.of(path)) ? "modem port " + path + " failed: "
                            + e.getExceptionType() : "modem port " + path + " is gone";
                    fail(reason);
                    throw new IOException(reason);
                }
            }
            // The answer comes within milliseconds: look for it soon.
            active = true;
            LockSupport.unpark(reader);
        }

        @Override
        public void close() {
            closing = true;
            LockSupport.unpark(reader);
            closeDescriptor();
        }

        /** Waits until the reader has ended (tests, reopening). */
        boolean awaitClosed(Duration timeout) throws InterruptedException {
            return readerDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
