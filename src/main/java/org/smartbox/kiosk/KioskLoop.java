package org.smartbox.kiosk;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditSink;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.CacheView;
import org.smartbox.hardware.Display;
import org.smartbox.hardware.ExpanderFault;
import org.smartbox.hardware.HardwareException;
import org.smartbox.hardware.Latches;
import org.smartbox.pickup.Effect;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.KioskSettings;
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
    private final Inbox inbox;
    private final FaultWatch faults;
    private KioskState state;
    private volatile boolean running;
    private volatile Thread owner;
    private volatile Observer observer = (event, before, after, effects) -> { };
    private Runnable beforeEach = () -> { };

    /** Sees every transition after its effects were carried out (beeper, status LED); on the loop thread. */
    @FunctionalInterface
    public interface Observer {
        /** {@code event} is null for the first frame; {@code before} is null then too. */
        void handled(Event event, KioskState before, KioskState after, List<Effect> effects);
    }

    /** A runaway guard for {@link #advance}: no step of the clock should need this many timer steps. */
    private static final int MAX_STEPS = 10_000_000;

    /** Built by {@link #assemble}; {@code inbox} was made first, and handed to every driver. */
    private KioskLoop(Inbox inbox, PickupMachine machine, CacheView view, EffectRunner effects, KioskClock clock,
                     Latches latches, FaultWatch faults) {
        this.inbox = inbox;
        this.machine = machine;
        this.view = view;
        this.effects = effects;
        this.clock = clock;
        this.latches = latches;
        this.faults = faults;
    }

    /** The ports the shell around the machine runs on; {@code storeProbe} throws while the store is unusable. */
    public record Ports(BoxRecords records, CacheView view, AuditSink audit, Latches latches, Display display,
                        SmsDispatch sms, Checks checks, KioskClock clock, Runnable storeProbe) {
    }

    /**
     * The one way a kiosk loop is put together, on the box, in the simulator and in tests: the machine,
     * the effect runner on {@code ports}, and the fault watch; SMS outcomes go back into {@code inbox}.
     */
    public static KioskLoop assemble(Inbox inbox, PickupMachine machine, KioskSettings settings, Ports ports) {
        FaultWatch faults = new FaultWatch(ports.clock(), ports.audit(), ports.storeProbe());
        EffectRunner runner = new EffectRunner(ports.records(), ports.audit(), ports.latches(), ports.display(),
                ports.sms(), ports.checks(), settings, inbox::submit);
        return new KioskLoop(inbox, machine, ports.view(), runner, ports.clock(), ports.latches(), faults);
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

    /** From any thread: an event for the machine (the same as giving it to the {@link Inbox}). */
    public void submit(Event event) {
        inbox.submit(event);
    }

    /** From any thread: work that must run on the loop's thread (it touches the store). */
    public void execute(Runnable task) {
        inbox.execute(task);
    }

    public Inbox inbox() {
        return inbox;
    }

    /** Handles everything queued, including what that causes, then returns (simulator, tests). */
    public void drain() {
        Inbox.Item item;
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
                Inbox.Item item = inbox.poll(Math.min(wait, 1000));
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

    /**
     * On a clock that moves only when told (simulator, tests): moves the clock {@code millis} on, stopping at every deadline of the machine and every timer on the way,
     * in order, with a tick at each; the same steps {@link #run} takes in real time.
     */
    public void advance(SteppedClock time, long millis) {
        long target = time.mono() + millis;
        for (int step = 0; ; step++) {
            if (step > MAX_STEPS) {
                throw new IllegalStateException("timers keep falling due; stopped after " + MAX_STEPS + " steps");
            }
            long next = Math.min(nextDeadline(), time.nextTimer());
            if (next > target) {
                break;
            }
            time.moveTo(next);
            time.fireDue();
            // Behind whatever the timers queued (a guard's hold audited), as on the box.
            inbox.submit(new Event.Tick());
            drain();
            faults.retryIfDue(this);
        }
        time.moveTo(target);
        faults.retryIfDue(this);
        drain();
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

    /** What keeps the box out of service (a failed store, a failed part), if anything. */
    public FaultWatch faults() {
        return faults;
    }

    void runTask(Runnable task) {
        try {
            task.run();
        } catch (StoreException e) {
            fault(e);
        } catch (RuntimeException e) {
            LOG.error("a loop task failed", e);
        }
    }

    void process(Event event) {
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
