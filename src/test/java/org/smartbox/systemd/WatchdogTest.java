package org.smartbox.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The loop's heartbeat: often enough for systemd, no more, and never for a box that lost a part. */
class WatchdogTest {

    private final List<String> sent = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final Watchdog watchdog = new Watchdog(sent::add, Duration.ofSeconds(30), nanos::get, healthy::get);

    private void at(long millis) {
        nanos.set(millis * 1_000_000);
        watchdog.run();
    }

    @Test
    void pingsAtHalfTheIntervalHoweverOftenTheLoopTurns() {
        for (long t = 0; t <= 60_000; t += 100) {
            at(t);
        }
        assertEquals(List.of("WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"), sent,
                "at 0, 15, 30, 45 and 60 s");
    }

    @Test
    void aDeadKeypadScannerStopsThePings() {
        at(0);
        healthy.set(false);
        at(20_000);
        at(40_000);
        assertEquals(1, sent.size());
        healthy.set(true);
        at(41_000);
        assertEquals(2, sent.size());
    }
}
