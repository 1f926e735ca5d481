package org.smartbox.kiosk;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import org.smartbox.cache.HealthCheck;
import org.smartbox.pickup.Event;

/**
 * The diagnostics port of the service menu's checks page. Checks take seconds (a second database
 * connection, an integrity check, the audit chain, shell commands with timeouts), so on the box they
 * run on their own thread and the result comes back into the loop as {@link Event.ChecksDone}; the
 * keypad, sensors and watchdog never wait for them (SPEC §7).
 */
@FunctionalInterface
public interface Checks {

    /** Starts the checks as of {@code now}; {@code done} gets the result, from whatever thread ran them. */
    void start(Instant now, Consumer<Event> done);

    /**
     * The box's checks, on a thread of their own that exists only while they run (so nothing is left
     * to close): the loop goes on meanwhile. A second request waits for the first.
     */
    static Checks onOwnThread(Function<Instant, List<HealthCheck>> checks) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                work -> {
                    Thread thread = new Thread(work, "service-checks");
                    thread.setDaemon(true);
                    return thread;
                });
        return on(executor, checks);
    }

    /** Checks on {@code executor}, so the loop goes on while they run. */
    static Checks on(Executor executor, Function<Instant, List<HealthCheck>> checks) {
        return (now, done) -> {
            try {
                executor.execute(() -> done.accept(new Event.ChecksDone(safely(checks, now))));
            } catch (RejectedExecutionException e) {
                // Closing down: nobody will read the page.
                done.accept(new Event.ChecksDone(List.of(failed("the box is stopping"))));
            }
        };
    }

    /** Checks run in place: the simulator's, whose output must come in a fixed order, and tests'. */
    static Checks inPlace(Function<Instant, List<HealthCheck>> checks) {
        return (now, done) -> done.accept(new Event.ChecksDone(safely(checks, now)));
    }

    private static List<HealthCheck> safely(Function<Instant, List<HealthCheck>> checks, Instant now) {
        try {
            return checks.apply(now);
        } catch (RuntimeException e) {
            // The page says so; the technician reads the reason in the journal.
            LoggerFactory.getLogger(Checks.class).error("the service menu's checks failed", e);
            return List.of(failed("the checks failed: see the log"));
        }
    }

    private static HealthCheck failed(String why) {
        return new HealthCheck("checks", "fail", why, "");
    }
}
