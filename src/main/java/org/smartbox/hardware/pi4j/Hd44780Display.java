package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.Display;
import org.smartbox.pickup.Frame;

/**
 * The 20x4 HD44780 display behind a PCF8574 I2C backpack, drawn by a thread of its own so the kiosk
 * loop never waits on the bus. It keeps a copy of what the glass shows and sends only the cells
 * that changed. When the bus fails (the display was unplugged) it keeps the latest frame, probes
 * every two seconds, and when the backpack answers again it initialises the display afresh and
 * draws the whole frame. Now and then it re-synchronises and redraws anyway, which also heals a
 * display that was unplugged and plugged back between two probes.
 */
public final class Hd44780Display implements Display, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hd44780Display.class);
    private static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int ROWS = Frame.HEIGHT;
    private static final int COLUMNS = Frame.WIDTH;
    private static final int CELLS = ROWS * COLUMNS;

    private final Hd44780 lcd;
    private final String where;
    private final long resyncNanos;
    /** Monotonic nanoseconds ({@code System::nanoTime} on a box): when to probe and re-synchronise. */
    private final LongSupplier ticker;
    private final AtomicReference<Frame> wanted = new AtomicReference<>(Frame.of());
    private final BlockingQueue<Boolean> wake = new ArrayBlockingQueue<>(1);
    /** What the glass shows, as ROM codes in DDRAM order; null while the display needs initialising. */
    private byte[] shown;
    /** The cell the controller's cursor is at (where the next character lands); -1 when not known. */
    private int cursor = -1;
    private volatile boolean running;
    private Thread thread;

    public Hd44780Display(I2C device, HardwareConfig.Display config, LongSupplier ticker) {
        this.lcd = new Hd44780(device, config.bits(), config.backlight());
        this.where = String.format("I2C bus %d address 0x%02x", config.bus(), config.address());
        this.resyncNanos = config.resync().toNanos();
        this.ticker = ticker;
    }

    /** Opens the I2C device of the display (no transfer yet: a missing display is not an error here). */
    public static I2C open(Context pi4j, HardwareConfig.Display config) {
        try {
            return pi4j.create(I2C.newConfigBuilder(pi4j)
                    .id("display")
                    .name("20x4 display")
                    .bus(config.bus())
                    .device(config.address())
                    .build());
        } catch (RuntimeException e) {
            throw Pi4jContexts.failure(String.format("display (I2C bus %d; is I2C enabled?)", config.bus()), e);
        }
    }

    /** One I2C write to the backpack: throws when nothing answers at the display's address. */
    public static void probe(I2C device, HardwareConfig.Display config) {
        new Hd44780(device, config.bits(), config.backlight()).probe();
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "display");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void show(Frame frame) {
        wanted.set(frame);
        wake.offer(Boolean.TRUE);
    }

    /** Draws the last frame asked for (waiting up to two seconds), then stops the display thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        running = false;
        wake.offer(Boolean.TRUE);
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        // Deadlines are compared as differences (now - deadline >= 0): a ticker's values may be negative
        // or wrap; "never" is a resync a century away.
        long start = ticker.getAsLong();
        long nextProbe = start + PROBE_NANOS;
        long nextResync = start + resyncInterval();
        boolean failing = false;
        while (true) {
            try {
                long now = ticker.getAsLong();
                if (shown == null) {
                    cursor = -1;
                    lcd.init();
                    shown = blank();
                    nextResync = now + resyncInterval();
                } else if (now - nextResync >= 0) {
                    cursor = -1;
                    lcd.resynchronise();
                    // Code 0 is never drawn, so every cell counts as changed and is sent again.
                    shown = new byte[CELLS];
                    nextResync = now + resyncInterval();
                }
                draw(wanted.get());
                if (now - nextProbe >= 0) {
                    lcd.probe();
                }
                if (failing) {
                    failing = false;
                    LOG.info("display on {} answers again; redrawn", where);
                }
            } catch (RuntimeException e) {
                lcd.discard();
                shown = null;
                if (!failing) {
                    failing = true;
                    LOG.error("display on {} does not answer ({}); the box goes on without it and retries",
                            where, e.getMessage());
                }
            }
            if (!running) {
                return;
            }
            long now = ticker.getAsLong();
            if (now - nextProbe >= 0) {
                nextProbe = now + PROBE_NANOS;
            }
            long wait = Math.max(1, Math.min(nextProbe - now, nextResync - now));
            try {
                wake.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The time to the next re-synchronisation: the configured interval, or a century when it is off (0). */
    private long resyncInterval() {
        return resyncNanos > 0 ? resyncNanos : TimeUnit.DAYS.toNanos(36_500);
    }

    /**
     * Sends the cells of {@code frame} that differ from what is shown, in one I2C transfer. Cells go
     * in DDRAM address order (rows 1, 3, 2, 4: the controller's cursor runs from the end of row 1 on
     * into row 3, and from row 2 into row 4), and a cursor move is sent only where a run of changes
     * does not start where the cursor already is.
     */
    private void draw(Frame frame) {
        byte[] want = new byte[CELLS];
        for (int cell = 0; cell < CELLS; cell++) {
            want[cell] = LcdCharset.encode(frame.line(row(cell)).charAt(cell % COLUMNS));
        }
        int at = cursor;
        int cell = 0;
        while (cell < CELLS) {
            if (want[cell] == shown[cell]) {
                cell++;
                continue;
            }
            // A run of changes; an unchanged cell between two changes is cheaper to resend than a move.
            int end = cell + 1;
            while (end < CELLS && (want[end] != shown[end] || end + 1 < CELLS && want[end + 1] != shown[end + 1])) {
                end++;
            }
            if (at != cell) {
                lcd.moveTo(address(cell));
            }
            for (int i = cell; i < end; i++) {
                lcd.character(want[i]);
            }
            at = end % CELLS;
            cell = end;
        }
        lcd.flush();
        shown = want;
        cursor = at;
    }

    /** The DDRAM address of a cell: cells 0-39 are addresses 0x00-0x27 (rows 1 and 3), 40-79 are 0x40-0x67. */
    static int address(int cell) {
        return cell < 40 ? cell : 0x40 + cell - 40;
    }

    /** The frame row (0-3) a cell shows in. */
    static int row(int cell) {
        return (cell < 40 ? 0 : 1) + (cell % 40 >= COLUMNS ? 2 : 0);
    }

    private static byte[] blank() {
        byte[] cells = new byte[CELLS];
        Arrays.fill(cells, (byte) ' ');
        return cells;
    }
}
