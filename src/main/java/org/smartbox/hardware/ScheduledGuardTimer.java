package org.smartbox.hardware;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latch guard's clock on the real box: its own thread, so a latch is dropped on time even when
 * the kiosk loop is stuck. A failing action is logged and never kills the thread.
 */
public final class ScheduledGuardTimer implements GuardTimer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledGuardTimer.class);

    private final ScheduledThreadPoolExecutor executor;

    public ScheduledGuardTimer() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "latch-guard");
            thread.setDaemon(true);
            // Above the loop and the drivers: dropping a latch on time matters more than anything else.
            thread.setPriority(Thread.MAX_PRIORITY);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("latch guard action failed", e);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
