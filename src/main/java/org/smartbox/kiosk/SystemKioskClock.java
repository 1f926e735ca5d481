package org.smartbox.kiosk;

import java.time.Clock;
import org.smartbox.pickup.Moment;

/** Wall time from the system clock; durations from {@link System#nanoTime()}, which NTP cannot move. */
public final class SystemKioskClock implements KioskClock {

    private final Clock wall;
    private final long originNanos = System.nanoTime();

    public SystemKioskClock(Clock wall) {
        this.wall = wall;
    }

    @Override
    public Moment now() {
        return new Moment(wall.instant(), (System.nanoTime() - originNanos) / 1_000_000);
    }
}
