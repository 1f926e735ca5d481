package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.StatusLight;

/**
 * The status LED on one output: steady on when ready, a slow blink (0.5 s on, 0.5 s off) while
 * someone is being served, a short flash every second when out of service. Steady costs nothing:
 * only blinking runs a timer.
 */
public final class PinStatusLight implements StatusLight {

    private static final Logger LOG = LoggerFactory.getLogger(PinStatusLight.class);

    private final OutputLine line;
    private final ScheduledThreadPoolExecutor timer;
    private Mode mode;
    private ScheduledFuture<?> blinking;
    private boolean lit;
    private int phase;

    public PinStatusLight(Context pi4j, HardwareConfig.Output config, Optional<ExpanderBank> bank) {
        this.line = new OutputLine(pi4j, "status-led", "status LED", config, bank);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "status-led");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** On and off time of a blink in a mode, milliseconds; {0, 0} for steady on. */
    static long[] timing(Mode mode) {
        return switch (mode) {
            case READY -> new long[] {0, 0};
            case BUSY -> new long[] {500, 500};
            case OUT_OF_SERVICE -> new long[] {100, 900};
        };
    }

    @Override
    public synchronized void show(Mode next) {
        if (next == mode) {
            return;
        }
        mode = next;
        if (blinking != null) {
            blinking.cancel(false);
            blinking = null;
        }
        long[] t = timing(next);
        if (t[0] == 0) {
            timer.execute(() -> set(true));
            return;
        }
        phase = 0;
        blinking = timer.scheduleAtFixedRate(() -> blink(t), 0, 100, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        set(false);
    }

    /** Runs every 100 ms while blinking: lit for the first part of each period. */
    private void blink(long[] t) {
        long period = (t[0] + t[1]) / 100;
        boolean on = phase < t[0] / 100;
        phase = (int) ((phase + 1) % period);
        if (on != lit) {
            set(on);
        }
    }

    private void set(boolean on) {
        try {
            line.on(on);
            lit = on;
        } catch (RuntimeException e) {
            LOG.warn("status LED: {}", e.getMessage());
        }
    }
}
