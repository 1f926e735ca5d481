package org.smartbox.kiosk;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.smartbox.pickup.Moment;

/**
 * The box's time floor (SPEC §12): wall time for decisions is never earlier than the newest time the
 * box recorded. A Pi without a real-time clock can boot with an old wall clock; then an access that
 * ended yesterday would open again. This clock hands out {@code max(wall, floor)}, where the floor is
 * the newest time handed out so far (read from the database at start) carried forward by monotonic
 * time, so time still passes while the wall clock is behind. No I/O: the kiosk asks for the episode
 * to audit ({@link #takeEpisode}) on its own thread.
 */
public final class TimeFloor implements KioskClock {

    /** Steps back smaller than this (an NTP correction) are absorbed without an episode. */
    static final Duration TOLERANCE = Duration.ofSeconds(2);

    /** A time the wall clock was found behind the floor: the start of one episode. */
    public record Episode(Instant wall, Instant floor) {
        public long behindSeconds() {
            return Duration.between(wall, floor).toSeconds();
        }
    }

    private final KioskClock wall;
    private Instant floor;
    private long floorMono;
    private boolean behind;
    private Episode unreported;

    /** Until {@link #raiseTo} the floor is the first wall time read. */
    public TimeFloor(KioskClock wall) {
        this.wall = wall;
        Moment first = wall.now();
        this.floor = first.wall();
        this.floorMono = first.mono();
    }

    /** Raises the floor to {@code recorded}, the newest wall time the box's files hold (none for a new box). */
    public synchronized void raiseTo(Optional<Instant> recorded) {
        Moment raw = wall.now();
        Instant carried = floor.plusMillis(raw.mono() - floorMono);
        floor = recorded.filter(carried::isBefore).orElse(carried);
        floorMono = raw.mono();
    }

    @Override
    public synchronized Moment now() {
        Moment raw = wall.now();
        Instant carried = floor.plusMillis(raw.mono() - floorMono);
        if (raw.wall().isBefore(carried.minus(TOLERANCE))) {
            if (!behind) {
                behind = true;
                unreported = new Episode(raw.wall(), carried);
            }
        } else if (!raw.wall().isBefore(carried)) {
            behind = false;
        }
        Instant decided = raw.wall().isBefore(carried) ? carried : raw.wall();
        floor = decided;
        floorMono = raw.mono();
        return new Moment(decided, raw.mono());
    }

    /** Is the wall clock behind the floor now? */
    public synchronized boolean behind() {
        now();
        return behind;
    }

    /** The episode that began since the last call, once: to be audited {@code CLOCK_BEHIND}. */
    public synchronized Optional<Episode> takeEpisode() {
        now();
        Optional<Episode> episode = Optional.ofNullable(unreported);
        unreported = null;
        return episode;
    }
}
