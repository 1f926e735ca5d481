package org.smartbox.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something another thread (a scanner, a timer, a process) makes true, up to a limit. */
public final class Eventually {

    private Eventually() {
    }

    public static void await(String what, Duration limit, BooleanSupplier condition) {
        await(limit, condition, () -> what);
    }

    public static void await(Duration limit, BooleanSupplier condition, Supplier<String> what) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("waited " + limit.toMillis() + " ms for: " + what.get());
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
