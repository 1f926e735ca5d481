package org.smartbox.modem;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A modem port in memory: each open joins a fresh pair of pipes to the emulator. The port can be
 * made to vanish (like a USB modem re-enumerating) and to hang up under an open link.
 */
final class MemoryModemPort implements ModemPort {

    private final ModemEmulator emulator;
    private final AtomicInteger opens = new AtomicInteger();
    volatile boolean present = true;
    private volatile MemoryLink link;

    MemoryModemPort(ModemEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public String name() {
        return "/dev/ttyMEM0";
    }

    @Override
    public boolean present() {
        return present;
    }

    int opens() {
        return opens.get();
    }

    @Override
    public ModemLink open(ModemLink.Listener listener) throws IOException {
        if (!present) {
            throw new IOException("modem port " + name() + " is gone");
        }
        opens.incrementAndGet();
        MemoryPipe toModem = new MemoryPipe();
        MemoryPipe fromModem = new MemoryPipe();
        emulator.serve(toModem.in, fromModem.out);
        MemoryLink opened = new MemoryLink(toModem, fromModem, listener);
        link = opened;
        return opened;
    }

    /** The device goes away under the open link, as when the USB cable is pulled. */
    void vanish() {
        present = false;
        hangUp();
    }

    /** The open link dies; the port itself stays. */
    void hangUp() {
        MemoryLink current = link;
        if (current != null) {
            current.hangUp();
        }
    }

    private final class MemoryLink implements ModemLink {
        private final MemoryPipe toModem;
        private final MemoryPipe fromModem;
        private final Listener listener;
        private final AtomicBoolean closed = new AtomicBoolean();

        MemoryLink(MemoryPipe toModem, MemoryPipe fromModem, Listener listener) {
            this.toModem = toModem;
            this.fromModem = fromModem;
            this.listener = listener;
            Thread reader = new Thread(this::pump, "memory-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void pump() {
            byte[] buffer = new byte[64];
            try {
                int n;
                while ((n = fromModem.in.read(buffer)) >= 0) {
                    listener.received(buffer, n);
                }
            } catch (IOException e) {
                // ended below
            }
            if (!closed.get()) {
                listener.failed(present ? "modem port " + name() + " hung up" : "modem port " + name() + " is gone");
            }
        }

        void hangUp() {
            toModem.close();
            fromModem.close();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (toModem.closed()) {
                throw new IOException(present ? "modem port " + name() + " hung up" : "modem port " + name() + " is gone");
            }
            toModem.out.write(bytes, 0, bytes.length);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                toModem.close();
                fromModem.close();
            }
        }
    }
}
