package org.smartbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.smartbox.hardware.GuardTimer;
import org.smartbox.kiosk.SteppedClock;
import org.smartbox.pickup.Moment;

/**
 * The simulator's clock: it moves only when told to. It also stands in for the latch guard's timer,
 * so the guard runs on simulated time too, firing in order as the clock passes each due time.
 */
public final class VirtualClock implements SteppedClock, GuardTimer {

    private final Instant origin;
    private long mono;
    private long sequence;
    private final PriorityQueue<Due> timers = new PriorityQueue<>();

    private record Due(long at, long sequence, Runnable action) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    public VirtualClock(Instant start) {
        this(start, 0);
    }

    /** A clock at wall time {@code start} whose monotonic time reads {@code monoStart} then. */
    public VirtualClock(Instant start, long monoStart) {
        this.origin = start.minusMillis(monoStart);
        this.mono = monoStart;
    }

    @Override
    public synchronized Moment now() {
        return new Moment(origin.plusMillis(mono), mono);
    }

    @Override
    public synchronized long mono() {
        return mono;
    }

    /** Moves the clock to {@code target} (never backwards); due timers wait for {@link #fireDue()}. */
    @Override
    public synchronized void moveTo(long target) {
        mono = Math.max(mono, target);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable action) {
        Due due = new Due(mono + delay.toMillis(), sequence++, action);
        timers.add(due);
        return () -> {
            synchronized (VirtualClock.this) {
                timers.remove(due);
            }
        };
    }

    @Override
    public synchronized long nextTimer() {
        return timers.isEmpty() ? Long.MAX_VALUE : timers.peek().at();
    }

    /** Runs the timers that are due, oldest first, outside the clock's lock. */
    @Override
    public void fireDue() {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            while (!timers.isEmpty() && timers.peek().at() <= mono) {
                due.add(timers.poll().action());
            }
        }
        due.forEach(Runnable::run);
    }
}
