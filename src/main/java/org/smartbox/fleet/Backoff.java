package org.smartbox.fleet;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: a step doubling from the minimum up to the maximum, each delay drawn at random
 * between a tenth of the minimum and the whole step ("full jitter"), so that a thousand boxes cut off
 * by the same broker restart come back spread over the step instead of in the same second.
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
        long floor = Math.max(1, minMillis / 10);
        return floor + (long) (random.getAsDouble() * (current - floor));
    }

    /** After a connection that worked: start again from the minimum. */
    public synchronized void reset() {
        step = minMillis;
    }
}
