package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;

/**
 * Debounced input lines (key sensors, the tamper switch, power-fail lines) on header GPIOs or
 * expander pins. A reading counts only once it has held still for the debounce time after the last
 * edge; a slow sweep compares every line with its last reading, so an edge that was missed is found
 * within a second. Header lines report edges through Pi4J; expander lines through their bank's
 * interrupt handling. All timing runs on one thread of its own; listeners are told on that thread.
 */
public final class InputLines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InputLines.class);
    private static final long SWEEP_MILLIS = 1000;

    /** Told when a line settles on a new reading; {@code line} counts from 1. */
    @FunctionalInterface
    public interface Listener {
        void changed(int line, boolean active);
    }

    private final List<String> names;
    private final DigitalInput[] header;
    private final PinRef.Expander[] onExpander;
    private final boolean[] activeHigh;
    private final Optional<ExpanderBank> bank;
    private final long debounceMillis;
    private final AtomicIntegerArray stable;
    private final ScheduledFuture<?>[] pending;
    private final boolean[] failing;
    private final ScheduledExecutorService worker;
    private volatile Listener listener = (line, active) -> { };
    private boolean started;

    /**
     * Claims the lines and takes a first reading of each; no change is reported before
     * {@link #start()}.
     *
     * @param ids   the Pi4J id of each header line (tests find the mock pins by it)
     * @param names how logs and errors call each line
     */
    public InputLines(Context pi4j, String thread, List<String> ids, List<String> names,
                      List<HardwareConfig.Input> lines, Optional<ExpanderBank> bank, Duration debounce) {
        int n = lines.size();
        this.names = List.copyOf(names);
        this.bank = bank;
        this.debounceMillis = debounce.toMillis();
        this.header = new DigitalInput[n + 1];
        this.onExpander = new PinRef.Expander[n + 1];
        this.activeHigh = new boolean[n + 1];
        this.stable = new AtomicIntegerArray(n + 1);
        this.pending = new ScheduledFuture<?>[n + 1];
        this.failing = new boolean[n + 1];
        for (int line = 1; line <= n; line++) {
            HardwareConfig.Input input = lines.get(line - 1);
            activeHigh[line] = input.activeHigh();
            if (input.pin() instanceof PinRef.Expander x) {
                if (bank.isEmpty()) {
                    throw new org.smartbox.hardware.HardwareException(names.get(line - 1) + " (" + x
                            + "): no expander bank");
                }
                onExpander[line] = x;
            } else {
                int gpio = ((PinRef.Header) input.pin()).gpio();
                PullResistance resistance = switch (input.pull()) {
                    case UP -> PullResistance.PULL_UP;
                    case DOWN -> PullResistance.PULL_DOWN;
                    case OFF -> PullResistance.OFF;
                };
                try {
                    header[line] = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                            .id(ids.get(line - 1))
                            .name(names.get(line - 1))
                            .address(gpio)
                            .pull(resistance)
                            .debounce(debounce.toNanos() / 1000)
                            .build());
                } catch (RuntimeException e) {
                    throw Pi4jContexts.failure(names.get(line - 1) + " (GPIO " + gpio + ")", e);
                }
            }
            stable.set(line, read(line, true) ? 1 : 0);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, thread);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
    }

    public int size() {
        return header.length - 1;
    }

    /** The last settled reading of a line: true when it shows its active level. */
    public boolean active(int line) {
        return line >= 1 && line < header.length && stable.get(line) == 1;
    }

    public void onChange(Listener newListener) {
        this.listener = newListener;
    }

    /** Starts watching: edges, expander interrupts, and the sweep, which also catches anything since the first reading. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (int line = 1; line < header.length; line++) {
            int l = line;
            if (header[line] != null) {
                header[line].addListener(event -> worker.execute(() -> edge(l)));
            }
        }
        bank.ifPresent(b -> b.onInputs(chip -> worker.execute(() -> expanderChanged(chip))));
        worker.scheduleWithFixedDelay(this::sweep, 0, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** An edge: (re)start the quiet period of this line. */
    private void edge(int line) {
        if (pending[line] != null) {
            pending[line].cancel(false);
        }
        pending[line] = worker.schedule(() -> settle(line), debounceMillis, TimeUnit.MILLISECONDS);
    }

    /** The quiet period passed: whatever the line reads now is its new state. */
    private void settle(int line) {
        pending[line] = null;
        boolean now = read(line, true);
        if (now == (stable.get(line) == 1)) {
            return;
        }
        stable.set(line, now ? 1 : 0);
        try {
            listener.changed(line, now);
        } catch (RuntimeException e) {
            LOG.error("listener failed for {}", names.get(line - 1), e);
        }
    }

    private void expanderChanged(int chip) {
        for (int line = 1; line < header.length; line++) {
            if (onExpander[line] != null && onExpander[line].chip() == chip && pending[line] == null
                    && read(line, false) != (stable.get(line) == 1)) {
                edge(line);
            }
        }
    }

    private void sweep() {
        for (int line = 1; line < header.length; line++) {
            if (pending[line] == null && read(line, false) != (stable.get(line) == 1)) {
                edge(line);
            }
        }
    }

    /**
     * Reads one line ({@code fresh}: an expander line asks its chip now, otherwise its last reading);
     * a read that fails keeps the last state and is logged once per outage.
     */
    private boolean read(int line, boolean fresh) {
        try {
            boolean high;
            if (onExpander[line] != null) {
                PinRef.Expander pin = onExpander[line];
                ExpanderBank b = bank.orElseThrow();
                int word = fresh ? b.read(pin.chip()) : b.inputs(pin.chip());
                high = (word & pin.mask()) != 0;
            } else {
                high = header[line].state() == DigitalState.HIGH;
            }
            if (failing[line]) {
                failing[line] = false;
                LOG.info("{} reads again", names.get(line - 1));
            }
            return high == activeHigh[line];
        } catch (RuntimeException e) {
            if (!failing[line]) {
                failing[line] = true;
                LOG.error("{} cannot be read: {}", names.get(line - 1), e.getMessage());
            }
            return stable.get(line) == 1;
        }
    }
}
