package org.smartbox.modem;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A modem on a serial port, through jssc. Each link has a reader thread that blocks in jssc's
 * untimed {@code readBytes(1)} (a {@code poll(2)} without timeout: no CPU while the modem is quiet)
 * and a watchdog that looks at the port twice a second.
 *
 * <p>Why the watchdog: when the device goes away (a USB modem re-enumerating, the far end of a pty
 * closing) the kernel hangs the tty up, and jssc's native read then loops on a read that returns 0,
 * burning a whole core without ever returning. The watchdog sees the hang-up (the device node gone,
 * {@code FIONREAD} failing, the reader thread eating CPU) and closes the descriptor, which ends the
 * loop. jssc's timed reads and its Linux event thread poll in a loop, so neither is used.
 *
 * <p>Closing the descriptor under a reader blocked in {@code poll(2)} would not wake it, and a later
 * open could get the same descriptor number under it. So a link is only closed by the reader itself
 * (after its read returned), or by the watchdog once the port hung up; {@link JsscLink#close()} asks
 * the modem for an answer to wake the reader, and a new link is refused while the old reader lives.
 */
public final class JsscModemPort implements ModemPort {

    private static final Logger LOG = LoggerFactory.getLogger(JsscModemPort.class);
    static final Duration WATCH_INTERVAL = Duration.ofMillis(500);

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
            throw new IOException("modem port " + path + " is still held by the previous connection");
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

    /** One open descriptor on the port, its reader and its watchdog. */
    static final class JsscLink implements ModemLink {

        private static final byte[] WAKE_UP = {'A', 'T', '\r'};
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private final SerialPort port;
        private final String path;
        private final Listener listener;
        /** Guards the descriptor: nothing but the reader's blocking read uses it without this lock. */
        private final Object fd = new Object();
        private boolean fdClosed;
        private volatile boolean closing;
        private final AtomicBoolean failed = new AtomicBoolean();
        private final CountDownLatch readerDone = new CountDownLatch(1);
        final Thread reader;
        private final Thread watchdog;

        JsscLink(SerialPort port, String path, Listener listener) {
            this.port = port;
            this.path = path;
            this.listener = listener;
            this.reader = new Thread(this::readLoop, "modem-reader");
            this.watchdog = new Thread(this::watchLoop, "modem-watchdog");
            reader.setDaemon(true);
            watchdog.setDaemon(true);
        }

        void start() {
            reader.start();
            watchdog.start();
        }

        boolean readerAlive() {
            return readerDone.getCount() > 0;
        }

        private void readLoop() {
            try {
                while (!closing) {
                    // Blocks in poll(2) until the modem sends something: no CPU while it is quiet.
                    byte[] first = port.readBytes(1);
                    int more;
                    synchronized (fd) {
                        more = fdClosed ? 0 : port.getInputBufferBytesCount();
                    }
                    byte[] rest = more > 0 ? port.readBytes(more) : new byte[0];
                    if (closing) {
                        break;
                    }
                    byte[] all = new byte[first.length + rest.length];
                    System.arraycopy(first, 0, all, 0, first.length);
                    System.arraycopy(rest, 0, all, first.length, rest.length);
                    listener.received(all, all.length);
                }
            } catch (SerialPortException e) {
                fail("modem port " + path + " failed: " + e.getExceptionType());
            } catch (RuntimeException e) {
                // jssc reports a descriptor closed under it as IllegalArgumentException("EBADF").
                fail("modem port " + path + " failed: " + e.getMessage());
            } finally {
                closeDescriptor();
                readerDone.countDown();
            }
        }

        private void watchLoop() {
            long lastCpu = readerCpu();
            try {
                while (!readerDone.await(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    boolean present = Files.exists(Path.of(path));
                    boolean hungUp = false;
                    synchronized (fd) {
                        if (!fdClosed) {
                            try {
                                port.getInputBufferBytesCount();
                            } catch (SerialPortException e) {
                                hungUp = true;
                            }
                        }
                    }
                    long cpu = readerCpu();
                    boolean spinning = cpu >= 0 && lastCpu >= 0 && cpu - lastCpu > WATCH_INTERVAL.toNanos() / 2;
                    lastCpu = cpu;
                    if (!present) {
                        fail("modem port " + path + " is gone");
                        closing = true;
                    }
                    if (hungUp || spinning) {
                        fail(present ? "modem port " + path + " hung up" : "modem port " + path + " is gone");
                        closing = true;
                        // Safe now: the reader is not blocked in poll(2), it is looping on the hung-up tty.
                        closeDescriptor();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private long readerCpu() {
            try {
                return THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(reader.getId()) : -1;
            } catch (UnsupportedOperationException e) {
                return -1;
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
                    String reason = "modem port " + path + " failed: " + e.getExceptionType();
                    fail(reason);
                    throw new IOException(reason);
                }
            }
        }

        @Override
        public void close() {
            if (closing) {
                return;
            }
            // Set before the wake-up write, so the reader does not pass the answer on as news.
            closing = true;
            synchronized (fd) {
                if (fdClosed) {
                    return;
                }
                if (!readerAlive()) {
                    fdClosed = true;
                    closeQuietly(port);
                    return;
                }
                try {
                    port.writeBytes(WAKE_UP);
                } catch (SerialPortException e) {
                    LOG.debug("{}: wake-up write failed: {}", path, e.getExceptionType());
                }
            }
        }

        /** Waits until the reader has ended and the descriptor is closed (tests, shutdown). */
        boolean awaitClosed(Duration timeout) throws InterruptedException {
            return readerDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
