package org.smartbox.fleet;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: doubling from the minimum up to the maximum, each drawn at random between half
 * and all of the current step, so that a thousand boxes cut off by the same outage do not all
 * knock on the broker in the same second when it returns.
 */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private long step;

    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max");
        }
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
        this.step = minMillis;
    }

    /** The delay before the next attempt; each call doubles the step until the maximum. */
    public synchronized long nextMillis() {
        long current = step;
        step = Math.min(maxMillis, step * 2);
        long half = current / 2;
        return Math.max(1, half + (long) (random.getAsDouble() * (current - half)));
    }

    /** After a connection that worked: start again from the minimum. */
    public synchronized void reset() {
        step = minMillis;
    }
}
