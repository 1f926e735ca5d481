package org.smartbox.pickup;

import java.time.Instant;

/**
 * The time an event is handled at, in two forms: wall time for what is about dates (access windows,
 * audit stamps, rate limits that survive restarts) and a monotonic millisecond count for durations
 * (code lifetime, lockout, timeouts), which an NTP correction of the wall clock cannot stretch.
 */
public record Moment(Instant wall, long mono) {

    public Moment plusMillis(long millis) {
        return new Moment(wall.plusMillis(millis), mono + millis);
    }
}
