package org.smartbox.systemd;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The service watchdog's heartbeat, run by the kiosk loop on each turn: sends {@code WATCHDOG=1} at
 * most every half watchdog interval, and only while the parts it depends on are alive. A loop that
 * hangs, or a dead keypad scanner, stops the heartbeat and systemd restarts the service.
 */
public final class Watchdog implements Runnable {

    private final ServiceNotifier notifier;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final BooleanSupplier healthy;
    private long last;
    private boolean sentOnce;

    /**
     * @param interval the service's watchdog interval ({@code $WATCHDOG_USEC}); pings go at half of it
     * @param nanoTime a monotonic clock ({@code System::nanoTime})
     * @param healthy  false when a part the box cannot work without has died
     */
    public Watchdog(ServiceNotifier notifier, Duration interval, LongSupplier nanoTime, BooleanSupplier healthy) {
        this.notifier = notifier;
        this.periodNanos = interval.toNanos() / 2;
        this.nanoTime = nanoTime;
        this.healthy = healthy;
    }

    @Override
    public void run() {
        long now = nanoTime.getAsLong();
        if (sentOnce && now - last < periodNanos) {
            return;
        }
        if (!healthy.getAsBoolean()) {
            return;
        }
        notifier.notify("WATCHDOG=1");
        last = now;
        sentOnce = true;
    }
}
