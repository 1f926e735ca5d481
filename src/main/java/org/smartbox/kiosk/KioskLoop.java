package org.smartbox.kiosk;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.CacheView;
import org.smartbox.hardware.ExpanderFault;
import org.smartbox.hardware.HardwareException;
import org.smartbox.hardware.Latches;
import org.smartbox.pickup.Effect;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.KioskState;
import org.smartbox.pickup.Moment;
import org.smartbox.pickup.PickupMachine;
import org.smartbox.pickup.Screen;
import org.smartbox.pickup.Transition;
import org.smartbox.store.StoreException;

/**
 * The one thread that runs the kiosk. Drivers (keypad, sensors, SMS worker, sync, grants) only put
 * events and tasks in its inbox; it hands each event to the machine with the time and carries the
 * effects out. The machine's state and the database connection are touched by this thread alone.
 */
public final class KioskLoop {

    private static final Logger LOG = LoggerFactory.getLogger(KioskLoop.class);

    private final PickupMachine machine;
    private final CacheView view;
    private final EffectRunner effects;
    private final KioskClock clock;
    private final Latches latches;
    private final BlockingQueue<Item> inbox = new LinkedBlockingQueue<>();
    private final FaultWatch faults;
    private KioskState state;
    private volatile boolean running;
    private volatile Thread owner;
    private volatile Observer observer = (event, before, after, effects) -> { };
    private Runnable beforeEach = () -> { };

    /** What the inbox holds: an event for the machine, or work that must run on the loop's thread. */
    private sealed interface Item {
        /** Each kind says how the loop handles it, so a new kind cannot be silently dropped. */
        void handleOn(KioskLoop loop);

        record ForMachine(Event event) implements Item {
            @Override
            public void handleOn(KioskLoop loop) {
                loop.process(event);
            }
        }

        record Task(Runnable work) implements Item {
            @Override
            public void handleOn(KioskLoop loop) {
                loop.runTask(work);
            }
        }
    }

    /** Sees every transition after its effects were carried out (beeper, status LED); on the loop thread. */
    @FunctionalInterface
    public interface Observer {
        /** {@code event} is null for the first frame; {@code before} is null then too. */
        void handled(Event event, KioskState before, KioskState after, List<Effect> effects);
    }

    public KioskLoop(PickupMachine machine, CacheView view, EffectRunner effects, KioskClock clock, Latches latches,
                     FaultWatch faults) {
        this.machine = machine;
        this.view = view;
        this.effects = effects;
        this.clock = clock;
        this.latches = latches;
        this.faults = faults;
    }

    /** Shows the first frame, with the lockout counters restored from the store. */
    public void start(LockoutState lockout) {
        Moment now = clock.now();
        Transition first = machine.start(lockout, now);
        state = first.state();
        effects.run(first.effects(), now);
        tell(null, null, first.effects());
    }

    /** Work run on the loop's thread before each event (the clock check of SPEC §12). */
    public void beforeEach(Runnable check) {
        this.beforeEach = check;
    }

    public void observe(Observer newObserver) {
        this.observer = newObserver;
    }

    /** From any thread: an event for the machine. */
    public void submit(Event event) {
        inbox.add(new Item.ForMachine(event));
    }

    /** From any thread: work that must run on the loop's thread (it touches the store). */
    public void execute(Runnable task) {
        inbox.add(new Item.Task(task));
    }

    /** Handles everything queued, including what that causes, then returns (simulator, tests). */
    public void drain() {
        Item item;
        while ((item = inbox.poll()) != null) {
            item.handleOn(this);
        }
    }

    /** Runs until {@link #stop()}, waking for each inbox item and for the machine's next deadline. */
    public void run(Runnable heartbeat) {
        running = true;
        owner = Thread.currentThread();
        while (running) {
            heartbeat.run();
            long wait = Math.max(0, Math.min(nextDeadline() - clock.now().mono(), faults.retryMillis()));
            try {
                Item item = inbox.poll(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
                if (item != null) {
                    item.handleOn(this);
                }
                if (clock.now().mono() >= nextDeadline()) {
                    process(new Event.Tick());
                }
                faults.retryIfDue(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    public void stop() {
        running = false;
        Thread thread = owner;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    public long nextDeadline() {
        return machine.nextDeadline(state, clock.now().mono());
    }

    public KioskState state() {
        return state;
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (StoreException e) {
            fault(e);
        } catch (RuntimeException e) {
            LOG.error("a loop task failed", e);
        }
    }

    private void process(Event event) {
        KioskState before = state;
        try {
            beforeEach.run();
            Moment now = clock.now();
            // A view for this event only: it may keep keys and owners, checked against the cache version.
            Transition next = machine.handle(state, event, now, view.forEvent());
            state = next.state();
            effects.run(next.effects(), now);
            tell(event, before, next.effects());
            if ((faults.faulty() || faults.partFaulty()) && !(state.screen() instanceof Screen.OutOfService)) {
                // Whatever the event did (a closed door), a fault still pending keeps the box out of service.
                enterOutOfService();
            }
        } catch (StoreException e) {
            fault(e);
        } catch (HardwareException e) {
            partFault(e instanceof ExpanderFault ? "expanders" : "latches", e.getMessage());
        } catch (RuntimeException e) {
            // A bug must not leave a latch open or kill the loop: hold everything, log, carry on.
            LOG.error("kiosk failed handling {}; all latches held", event.getClass().getSimpleName(), e);
            safeHoldAll();
        }
    }

    /** The store failed: hold every latch, show "out of service", and retry the store until it works. */
    void fault(StoreException e) {
        LOG.error("out of service: {}", e.getMessage());
        safeHoldAll();
        faults.failed(e);
        enterOutOfService();
    }

    /**
     * On the loop thread: a part (the expanders, a latch line) failed. Every latch is held, the
     * outage audited, and the box stays out of service until {@link #partCleared(String)}.
     */
    public void partFault(String part, String reason) {
        LOG.error("out of service: {}: {}", part, reason);
        safeHoldAll();
        faults.partFailed(part, reason);
        enterOutOfService();
    }

    /** On the loop thread: the part works again; back in service when nothing else is wrong. */
    public void partCleared(String part) {
        if (faults.partRecovered(part) && !faults.faulty() && !faults.partFaulty()) {
            process(new Event.FaultCleared());
        }
    }

    private void enterOutOfService() {
        if (!(state.screen() instanceof Screen.OutOfService)) {
            Moment now = clock.now();
            KioskState before = state;
            Transition next = machine.handle(state, new Event.Fault(faults.publicReason()), now, view);
            state = next.state();
            try {
                effects.run(next.effects(), now);
            } catch (RuntimeException again) {
                LOG.error("could not show the out-of-service screen: {}", again.getMessage());
            }
            tell(null, before, next.effects());
        }
    }

    /** Called by {@link FaultWatch} when the store works again. */
    void recovered() {
        if (!faults.partFaulty()) {
            process(new Event.FaultCleared());
        }
    }

    private void tell(Event event, KioskState before, List<Effect> done) {
        try {
            observer.handled(event, before, state, done);
        } catch (RuntimeException e) {
            LOG.error("kiosk observer failed", e);
        }
    }

    private void safeHoldAll() {
        try {
            latches.holdAll();
        } catch (RuntimeException e) {
            LOG.error("holding all latches failed: {}", e.getMessage());
        }
    }
}
