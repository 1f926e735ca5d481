package org.smartbox.modem;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for something outside the JVM's control (socat making its ptys, a reader thread ending),
 * checking every 10 ms, and fails the test with {@code what} after {@code timeout}.
 */
public final class Await {

    private Await() {
    }

    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " (waited " + timeout.toMillis() + " ms)");
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }
}
