package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.KeySensors;

/**
 * The key sensors on Pi4J digital inputs. A reading counts only once it has held still for the
 * debounce time after the last edge (Pi4J's own debounce filters first where the provider has one);
 * a slow sweep re-reads every input, so an edge the driver missed is found within a second.
 * All timing runs on one thread of its own; listeners are told on that thread.
 */
public final class GpioKeySensors implements KeySensors, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GpioKeySensors.class);
    private static final long SWEEP_MILLIS = 1000;

    private final DigitalInput[] inputs;
    private final DigitalState presentState;
    private final long debounceMillis;
    private final AtomicIntegerArray stable;
    private final ScheduledFuture<?>[] pending;
    private final boolean[] failing;
    private final ScheduledExecutorService worker;
    private volatile Listener listener = (slot, present) -> { };
    private boolean started;

    /**
     * Creates the inputs and takes a first reading of every slot; no change is reported before
     * {@link #start()}.
     */
    public GpioKeySensors(Context pi4j, List<Integer> pins, HardwareConfig.Pull pull, boolean presentHigh,
                          Duration debounce) {
        this.presentState = presentHigh ? DigitalState.HIGH : DigitalState.LOW;
        this.debounceMillis = debounce.toMillis();
        this.inputs = new DigitalInput[pins.size() + 1];
        this.stable = new AtomicIntegerArray(pins.size() + 1);
        this.pending = new ScheduledFuture<?>[pins.size() + 1];
        this.failing = new boolean[pins.size() + 1];
        PullResistance resistance = switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
        for (int slot = 1; slot <= pins.size(); slot++) {
            int pin = pins.get(slot - 1);
            try {
                inputs[slot] = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                        .id("sensor-" + slot)
                        .name("key sensor of slot " + slot)
                        .address(pin)
                        .pull(resistance)
                        .debounce(debounce.toNanos() / 1000)
                        .build());
            } catch (RuntimeException e) {
                throw Pi4jContexts.failure("key sensor of slot " + slot + " (GPIO " + pin + ")", e);
            }
            stable.set(slot, read(slot) ? 1 : 0);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "key-sensors");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.worker = executor;
    }

    public int slots() {
        return inputs.length - 1;
    }

    @Override
    public boolean present(int slot) {
        return slot >= 1 && slot < inputs.length && stable.get(slot) == 1;
    }

    @Override
    public void onChange(Listener newListener) {
        this.listener = newListener;
    }

    /** Starts watching: edges from Pi4J, and the sweep, which also catches anything since the first reading. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (int slot = 1; slot < inputs.length; slot++) {
            int s = slot;
            inputs[slot].addListener(event -> worker.execute(() -> edge(s)));
        }
        worker.scheduleWithFixedDelay(this::sweep, 0, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** An edge: (re)start the quiet period of this slot. */
    private void edge(int slot) {
        if (pending[slot] != null) {
            pending[slot].cancel(false);
        }
        pending[slot] = worker.schedule(() -> settle(slot), debounceMillis, TimeUnit.MILLISECONDS);
    }

    /** The quiet period passed: whatever the input reads now is the new state. */
    private void settle(int slot) {
        pending[slot] = null;
        boolean now = read(slot);
        if (now == (stable.get(slot) == 1)) {
            return;
        }
        stable.set(slot, now ? 1 : 0);
        try {
            listener.changed(slot, now);
        } catch (RuntimeException e) {
            LOG.error("key sensor listener failed for slot {}", slot, e);
        }
    }

    private void sweep() {
        for (int slot = 1; slot < inputs.length; slot++) {
            if (pending[slot] == null && read(slot) != (stable.get(slot) == 1)) {
                edge(slot);
            }
        }
    }

    /** Reads one input; a read that fails keeps the last state and is logged once per outage. */
    private boolean read(int slot) {
        try {
            boolean present = inputs[slot].state() == presentState;
            if (failing[slot]) {
                failing[slot] = false;
                LOG.info("key sensor of slot {} reads again", slot);
            }
            return present;
        } catch (RuntimeException e) {
            if (!failing[slot]) {
                failing[slot] = true;
                LOG.error("key sensor of slot {} cannot be read: {}", slot, e.getMessage());
            }
            return stable.get(slot) == 1;
        }
    }
}
