package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.Beeper;

/**
 * A self-oscillating (active) buzzer switched by one output, so its pitch is the buzzer's own and the
 * same for every key; the thread times each pattern. Patterns queue up (a key beep, then the result
 * it led to); when more than a few wait, new ones are dropped rather than beeping on and on.
 */
public final class PinBeeper implements Beeper {

    private static final Logger LOG = LoggerFactory.getLogger(PinBeeper.class);
    /** Every key: on this long, whatever the key. */
    static final int KEY_MILLIS = 40;
    private static final int GAP_MILLIS = 80;

    private final OutputLine line;
    private final BlockingQueue<Pattern> queue = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private volatile boolean running = true;

    public PinBeeper(Context pi4j, HardwareConfig.Output config, Optional<ExpanderBank> bank) {
        this.line = new OutputLine(pi4j, "beeper", "beeper", config, bank);
        this.thread = new Thread(this::run, "beeper");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** On and off times of each pattern, in milliseconds, starting with on. */
    static int[] timing(Pattern pattern) {
        return switch (pattern) {
            case KEY -> new int[] {KEY_MILLIS};
            case SUCCESS -> new int[] {80, 60, 80};
            case ERROR -> new int[] {500};
            case LOCKOUT -> new int[] {250, 150, 250, 150, 250};
        };
    }

    @Override
    public void play(Pattern pattern) {
        if (!queue.offer(pattern)) {
            LOG.debug("beeper busy; {} dropped", pattern);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        switchTo(false);
    }

    private void run() {
        while (running) {
            try {
                Pattern pattern = queue.poll(1, TimeUnit.HOURS);
                if (pattern == null) {
                    continue;
                }
                int[] steps = timing(pattern);
                for (int i = 0; i < steps.length; i++) {
                    switchTo(i % 2 == 0);
                    Thread.sleep(steps[i]);
                }
                switchTo(false);
                Thread.sleep(GAP_MILLIS);
            } catch (InterruptedException e) {
                switchTo(false);
                return;
            }
        }
    }

    private void switchTo(boolean on) {
        try {
            line.on(on);
        } catch (RuntimeException e) {
            LOG.warn("beeper: {}", e.getMessage());
        }
    }
}
