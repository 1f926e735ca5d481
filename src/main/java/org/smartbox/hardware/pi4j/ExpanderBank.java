package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;
import org.smartbox.hardware.ExpanderFault;

/**
 * The box's MCP23017 expanders and the header lines that serve them: the shared RESET line and the
 * interrupt lines. An expander keeps its outputs when the process dies, so RESET is a header GPIO
 * the process drives high; when the process lets go of it (or the box holds everything after a
 * fault) it falls to reset through its pull-down, every expander pin floats, and the latch drivers'
 * gate pull-downs hold every latch.
 *
 * <p>Inputs are read when an interrupt line falls, and once a second anyway, when the outputs are
 * verified too. A fault (a chip that does not answer, or reads back what was not written) holds
 * everything through RESET, tells the listeners, refuses every release, and retries the whole bank
 * every ten seconds. All I2C access is serialised on this object.
 */
public final class ExpanderBank implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpanderBank.class);
    private static final long SWEEP_MILLIS = 1000;
    static final java.time.Duration RETRY = java.time.Duration.ofSeconds(10);
    /** The datasheet asks for a RESET pulse of at least 1 us; a millisecond also lets the lines settle. */
    private static final long RESET_PULSE_NANOS = 1_000_000;

    private final HardwareConfig.Expanders config;
    private final DigitalOutput reset;
    private final Mcp23017[] chips;
    private final int[] inputs;
    private final Map<Integer, DigitalInput> interrupts = new LinkedHashMap<>();
    private final List<IntConsumer> inputListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> faultListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor worker;
    private String fault;
    private ScheduledFuture<?> retry;
    private boolean started;
    private final long retryMillis;

    /** Claims RESET (driven low: every chip held in reset), the I2C devices and the interrupt lines. */
    public ExpanderBank(Context pi4j, HardwareConfig.Expanders config) {
        this(pi4j, config, RETRY);
    }

    /** As above, retrying a faulty bank every {@code retry}. */
    public ExpanderBank(Context pi4j, HardwareConfig.Expanders config, java.time.Duration retry) {
        this.config = config;
        this.retryMillis = retry.toMillis();
        try {
            reset = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("expander-reset").name("expander RESET")
                    .address(config.resetGpio()).initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
        } catch (RuntimeException e) {
            throw Pi4jContexts.failure("expander RESET (GPIO " + config.resetGpio() + ")", e);
        }
        chips = new Mcp23017[8];
        inputs = new int[8];
        for (HardwareConfig.Chip chip : config.chips()) {
            I2C device;
            try {
                device = pi4j.create(I2C.newConfigBuilder(pi4j).id(chip.name()).name("expander " + chip.name())
                        .bus(config.bus()).device(chip.address()).build());
            } catch (RuntimeException e) {
                throw Pi4jContexts.failure(String.format("expander %s (I2C bus %d; is I2C enabled?)", chip.name(),
                        config.bus()), e);
            }
            chips[chip.index()] = new Mcp23017(device, chip);
            if (chip.interruptGpio().isPresent() && !interrupts.containsKey(chip.interruptGpio().getAsInt())) {
                int gpio = chip.interruptGpio().getAsInt();
                try {
                    // INTA/INTB are open-drain and active low: the Pi's pull-up holds the line high between.
                    interrupts.put(gpio, pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("expander-int-" + gpio)
                            .name("expander interrupt GPIO " + gpio).address(gpio).pull(PullResistance.PULL_UP)
                            .build()));
                } catch (RuntimeException e) {
                    throw Pi4jContexts.failure("expander interrupt line (GPIO " + gpio + ")", e);
                }
            }
        }
        worker = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "expanders");
            thread.setDaemon(true);
            return thread;
        });
        worker.setRemoveOnCancelPolicy(true);
    }

    /**
     * Takes the chips out of reset and sets them up, every register read back; then watches the
     * interrupt lines and sweeps. A chip that fails here leaves the bank faulty (everything held,
     * retried) rather than throwing: the box starts out of service and says why.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        try {
            bringUp();
            LOG.info("expanders ready: {}", names());
        } catch (ExpanderFault e) {
            fault(e);
        }
        for (Map.Entry<Integer, DigitalInput> line : interrupts.entrySet()) {
            int gpio = line.getKey();
            line.getValue().addListener(event -> {
                if (event.state() == DigitalState.LOW) {
                    worker.execute(() -> interrupted(gpio));
                }
            });
        }
        worker.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Told (on any thread) when the bank goes faulty, with the reason. */
    public void onFault(Consumer<String> listener) {
        faultListeners.add(listener);
    }

    /** Told (on the bank's thread) when a faulty bank was brought up again and verified. */
    public void onRecovered(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /** Told (on the bank's thread) the index of a chip whose inputs read differently from before. */
    public void onInputs(IntConsumer listener) {
        inputListeners.add(listener);
    }

    public synchronized boolean faulty() {
        return fault != null;
    }

    /** Why the bank is faulty; null when it is not. */
    public synchronized String fault() {
        return fault;
    }

    /**
     * Drives expander outputs; every chip touched is read back. Refuses while faulty: the chips are
     * in reset then, every pin floating, which is "held" and "off" for everything wired as the README
     * says (callers that only want things held check {@link #faulty()} first).
     */
    public synchronized void set(List<PinRef.Expander> pins, List<Boolean> high) {
        if (fault != null) {
            throw new ExpanderFault("expanders out of service (" + fault + ")");
        }
        Map<Integer, Integer> words = new LinkedHashMap<>();
        for (int i = 0; i < pins.size(); i++) {
            PinRef.Expander pin = pins.get(i);
            int word = words.getOrDefault(pin.chip(), chip(pin.chip()).outputs());
            words.put(pin.chip(), high.get(i) ? word | pin.mask() : word & ~pin.mask());
        }
        try {
            for (Map.Entry<Integer, Integer> word : words.entrySet()) {
                chip(word.getKey()).writeOutputs(word.getValue());
            }
        } catch (ExpanderFault e) {
            fault(e);
            throw e;
        }
    }

    public void set(PinRef.Expander pin, boolean high) {
        set(List.of(pin), List.of(high));
    }

    /** The inputs of a chip as last read. */
    public synchronized int inputs(int chip) {
        return inputs[chip];
    }

    /** Reads a chip's inputs now; keeps the last reading when the bank is faulty or the read fails. */
    public int read(int chip) {
        int changedChip = -1;
        synchronized (this) {
            if (fault != null) {
                return inputs[chip];
            }
            try {
                int now = chip(chip).readInputs();
                if (now != inputs[chip]) {
                    inputs[chip] = now;
                    changedChip = chip;
                }
            } catch (ExpanderFault e) {
                fault(e);
                return inputs[chip];
            }
        }
        if (changedChip >= 0) {
            tellInputs(changedChip);
        }
        return inputs[chip];
    }

    /**
     * Holds everything in hardware: RESET low, so every expander pin floats and the latch drivers'
     * pull-downs hold every latch, whatever the chips' registers say.
     */
    public void holdByReset() {
        try {
            reset.state(DigitalState.LOW);
        } catch (RuntimeException e) {
            LOG.error("expander RESET could not be driven low: {}", e.getMessage());
        }
    }

    /** A line for diagnostics: which chips answer, or why the bank is faulty. */
    public synchronized String describe() {
        return fault == null ? names() + ": outputs verified" : "out of service: " + fault;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        holdByReset();
    }

    private Mcp23017 chip(int index) {
        Mcp23017 chip = chips[index];
        if (chip == null) {
            throw new IllegalArgumentException("no expander mcp" + index + " in the config");
        }
        return chip;
    }

    private void bringUp() {
        holdByReset();
        LockSupport.parkNanos(RESET_PULSE_NANOS);
        reset.state(DigitalState.HIGH);
        for (HardwareConfig.Chip chip : config.chips()) {
            inputs[chip.index()] = chips[chip.index()].configure();
        }
    }

    private void fault(ExpanderFault e) {
        synchronized (this) {
            holdByReset();
            if (fault != null) {
                return;
            }
            fault = e.getMessage();
            LOG.error("expander fault, every latch held, out of service: {}", fault);
            retry = worker.scheduleWithFixedDelay(this::retry, retryMillis, retryMillis, TimeUnit.MILLISECONDS);
        }
        for (Consumer<String> listener : faultListeners) {
            listener.accept(e.getMessage());
        }
    }

    /** Tries a faulty bank again now, as the timer would (a technician's check, tests). */
    public void retryNow() {
        retry();
    }

    private void retry() {
        synchronized (this) {
            if (fault == null) {
                return;
            }
            try {
                bringUp();
            } catch (ExpanderFault e) {
                holdByReset();
                LOG.warn("expanders still faulty: {}", e.getMessage());
                return;
            }
            LOG.info("expanders answer and verify again ({} was: {})", names(), fault);
            fault = null;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        }
        recoveryListeners.forEach(Runnable::run);
        for (HardwareConfig.Chip chip : config.chips()) {
            tellInputs(chip.index());
        }
    }

    private void interrupted(int gpio) {
        for (HardwareConfig.Chip chip : config.chips()) {
            if (chip.interruptGpio().isPresent() && chip.interruptGpio().getAsInt() == gpio) {
                read(chip.index());
            }
        }
    }

    /** Once a second: inputs read (an interrupt may have been missed), outputs verified. */
    private void sweep() {
        for (HardwareConfig.Chip chip : config.chips()) {
            if (chip.inputs() != 0) {
                read(chip.index());
            }
            synchronized (this) {
                if (fault != null) {
                    return;
                }
                try {
                    chips[chip.index()].verifyOutputs();
                } catch (ExpanderFault e) {
                    fault(e);
                    return;
                }
            }
        }
    }

    private void tellInputs(int chip) {
        for (IntConsumer listener : inputListeners) {
            try {
                listener.accept(chip);
            } catch (RuntimeException e) {
                LOG.error("expander input listener failed", e);
            }
        }
    }

    private String names() {
        List<String> names = new ArrayList<>();
        for (HardwareConfig.Chip chip : config.chips()) {
            names.add(chips[chip.index()].name());
        }
        return String.join(", ", names);
    }
}
