package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.Keypad;

/**
 * A 4x3 or 4x4 matrix keypad scanned on its own thread. Rows are outputs (low selects a row),
 * columns are inputs with pull-ups: a closed key pulls its column low while its row is selected.
 * At rest every row is held low, so any key pulls its column low, and the thread sleeps until a
 * column falls (an edge event from the GPIO driver; a look once a second covers a lost edge). Then
 * it scans row by row every scan period until every key is up again, and goes back to sleep. With
 * {@code keypad.wake=poll} it reads the columns every scan period instead. Presses are filtered by
 * {@link KeyScanFilter}.
 */
public final class MatrixKeypad implements Keypad {

    private static final Logger LOG = LoggerFactory.getLogger(MatrixKeypad.class);
    /** Time for a column to follow its row through the pull-up and the cable before it is read. */
    private static final long SETTLE_NANOS = 50_000;
    private static final long STUCK_MILLIS = 30_000;
    private static final long ERROR_PAUSE_MILLIS = 1000;
    /** Asleep, the columns are still looked at this often, in case an edge event was lost. */
    private static final long IDLE_LOOK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HardwareConfig.Keypad config;
    private final DigitalOutput[] rows;
    private final DigitalInput[] columns;
    private final long periodNanos;
    private volatile boolean running;
    private volatile Thread thread;
    /** True while the scanner sleeps waiting for a column to fall. */
    private volatile boolean asleep;
    /** What the row outputs were last driven to, so a tick drives them only when that must change. */
    private Rows rowsAre = Rows.UNKNOWN;

    private enum Rows { ALL_LOW, ALL_HIGH, UNKNOWN }

    public MatrixKeypad(Context pi4j, HardwareConfig.Keypad config) {
        this.config = config;
        this.periodNanos = config.scanInterval().toNanos();
        this.rows = new DigitalOutput[config.rows().size()];
        this.columns = new DigitalInput[config.columns().size()];
        for (int r = 0; r < rows.length; r++) {
            int pin = config.rows().get(r);
            try {
                rows[r] = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                        .id("keypad-row-" + (r + 1))
                        .name("keypad row " + (r + 1))
                        .address(pin)
                        .initial(DigitalState.HIGH)
                        .shutdown(DigitalState.HIGH)
                        .build());
            } catch (RuntimeException e) {
                throw Pi4jContexts.failure("keypad row " + (r + 1) + " (GPIO " + pin + ")", e);
            }
        }
        for (int c = 0; c < columns.length; c++) {
            int pin = config.columns().get(c);
            try {
                columns[c] = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                        .id("keypad-column-" + (c + 1))
                        .name("keypad column " + (c + 1))
                        .address(pin)
                        .pull(PullResistance.PULL_UP)
                        .build());
            } catch (RuntimeException e) {
                throw Pi4jContexts.failure("keypad column " + (c + 1) + " (GPIO " + pin + ")", e);
            }
        }
    }

    @Override
    public synchronized void start(Listener listener) {
        if (thread != null) {
            throw new IllegalStateException("the keypad scanner is already running");
        }
        running = true;
        Thread scanner = new Thread(() -> scanLoop(listener), "keypad-scan");
        scanner.setDaemon(true);
        thread = scanner;
        if (config.wake() == HardwareConfig.Wake.EDGE) {
            for (DigitalInput column : columns) {
                column.addListener(event -> {
                    if (asleep && event.state() == DigitalState.LOW) {
                        LockSupport.unpark(scanner);
                    }
                });
            }
        }
        scanner.start();
    }

    /** True while the scanner sleeps until a column falls (edge mode, no key down). */
    public boolean asleep() {
        return asleep;
    }

    /** True while the scanner thread runs: the service watchdog stops being fed when it died. */
    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void scanLoop(Listener listener) {
        KeyScanFilter filter = new KeyScanFilter(config.stableScans());
        long next = System.nanoTime();
        long downSince = 0;
        boolean warnedStuck = false;
        boolean failing = false;
        while (running) {
            try {
                if (config.wake() == HardwareConfig.Wake.EDGE && filter.idle() && sleepUntilAColumnFalls()) {
                    next = System.nanoTime();
                    continue;
                }
                long raw;
                if (filter.idle()) {
                    selectAllRows();
                    raw = anyColumnLow() ? scanRows() : 0;
                } else {
                    raw = scanRows();
                }
                OptionalInt key = filter.scan(raw);
                if (key.isPresent()) {
                    deliver(listener, config.keys().charAt(key.getAsInt()));
                }
                if (filter.down() == 0) {
                    downSince = 0;
                    warnedStuck = false;
                } else if (downSince == 0) {
                    downSince = System.nanoTime();
                } else if (!warnedStuck && System.nanoTime() - downSince > TimeUnit.MILLISECONDS.toNanos(STUCK_MILLIS)) {
                    warnedStuck = true;
                    LOG.warn("keypad: {} held for {} s: a stuck key? Other keys keep working", names(filter.down()),
                            STUCK_MILLIS / 1000);
                }
                if (failing) {
                    failing = false;
                    LOG.info("keypad: reading again");
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.error("keypad: scan failed: {}", e.getMessage());
                }
                rowsAre = Rows.UNKNOWN;
                next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ERROR_PAUSE_MILLIS);
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else {
                // Fell behind (a long pause): start the rhythm again from now, do not catch up in a burst.
                next = System.nanoTime();
            }
        }
        releaseRows();
    }

    /**
     * With every row low, waits until a column falls or a second has passed. Returns false at once
     * when a column already reads low (a key is down: scan now), true after waiting.
     */
    private boolean sleepUntilAColumnFalls() {
        selectAllRows();
        asleep = true;
        try {
            // Armed before the look, so a key that goes down in between still wakes the thread.
            if (anyColumnLow()) {
                return false;
            }
            LockSupport.parkNanos(this, IDLE_LOOK_NANOS);
            return true;
        } finally {
            asleep = false;
        }
    }

    private void deliver(Listener listener, char key) {
        try {
            listener.pressed(key);
        } catch (RuntimeException e) {
            LOG.error("keypad listener failed on '{}'", key, e);
        }
    }

    /** At rest: every row low, so any closed key shows on its column. */
    private void selectAllRows() {
        if (rowsAre != Rows.ALL_LOW) {
            rowsAre = Rows.UNKNOWN;
            for (DigitalOutput row : rows) {
                row.state(DigitalState.LOW);
            }
            rowsAre = Rows.ALL_LOW;
            settle();
        }
    }

    private boolean anyColumnLow() {
        for (DigitalInput column : columns) {
            if (column.state() == DigitalState.LOW) {
                return true;
            }
        }
        return false;
    }

    /** Selects each row alone and reads the columns: bit (row * columns + column) set for a closed key. */
    private long scanRows() {
        if (rowsAre != Rows.ALL_HIGH) {
            rowsAre = Rows.UNKNOWN;
            for (DigitalOutput row : rows) {
                row.state(DigitalState.HIGH);
            }
            rowsAre = Rows.ALL_HIGH;
        }
        rowsAre = Rows.UNKNOWN;
        long closed = 0;
        for (int r = 0; r < rows.length; r++) {
            rows[r].state(DigitalState.LOW);
            settle();
            for (int c = 0; c < columns.length; c++) {
                if (columns[c].state() == DigitalState.LOW) {
                    closed |= 1L << (r * columns.length + c);
                }
            }
            rows[r].state(DigitalState.HIGH);
        }
        rowsAre = Rows.ALL_HIGH;
        return closed;
    }

    private void releaseRows() {
        try {
            for (DigitalOutput row : rows) {
                row.state(DigitalState.HIGH);
            }
        } catch (RuntimeException e) {
            LOG.warn("keypad: could not release the rows: {}", e.getMessage());
        }
    }

    private static void settle() {
        LockSupport.parkNanos(SETTLE_NANOS);
    }

    private String names(long keys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < config.keys().length(); i++) {
            if ((keys & (1L << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(config.keys().charAt(i)).append('\'');
            }
        }
        return sb.toString();
    }
}
