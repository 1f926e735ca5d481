package org.smartbox.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.LockoutState;
import org.smartbox.pickup.Effect;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.Frame;
import org.smartbox.pickup.KioskSettings;
import org.smartbox.pickup.KioskState;
import org.smartbox.pickup.Moment;
import org.smartbox.pickup.PickupMachine;
import org.smartbox.pickup.Screen;
import org.smartbox.pickup.Transition;
import org.smartbox.policy.TwoFactorPolicy;

/**
 * Drives the pure pickup machine the way the kiosk loop and the simulator do: virtual time that
 * moves only with {@link #advance}, a tick at every deadline on the way, SMS outcomes fed back as
 * events, sensors changed by {@link #take}/{@link #put}. Everything the machine asked for is kept,
 * so a test can assert on what a person at the box (or the audit log) would see.
 */
public final class Kiosk {

    /** The wall time every test box starts at. */
    public static final Instant START = Instant.parse("2026-11-28T12:00:00Z");
    /** Monotonic time at start: deliberately not zero. */
    private static final long MONO_START = 7_000_000L;

    /** A frame as it was drawn, with the screen that drew it. */
    public record Shown(Frame frame, Screen screen) {
    }

    /** A code message the simulated gateway accepted. */
    public record Sms(String userId, String mobile, String code) {
    }

    /** Positions in the logs, to look at what happened after a point. */
    public record Mark(int frames, int audits, int releases, int sms) {
    }

    /** Sees every transition before its effects are carried out (the cache is as the machine saw it). */
    public interface Observer {
        void transition(KioskState before, Event event, Moment at, Transition transition, MemoryCache cache);
    }

    private final KioskSettings settings;
    private final PickupMachine machine;
    private final MemoryCache cache;
    private final QueueCodes codes;
    private KioskState state;
    private long mono = MONO_START;
    private boolean smsFailing;
    private boolean smsHeld;
    private Observer observer;

    private final List<Shown> shown = new ArrayList<>();
    private final List<AuditEvent> audits = new ArrayList<>();
    private final List<Sms> sms = new ArrayList<>();
    private final List<Effect.SendCode> sendCodes = new ArrayList<>();
    private final List<Integer> releases = new ArrayList<>();
    private final List<Integer> holds = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();
    private final Set<Integer> open = new LinkedHashSet<>();
    private final Set<String> usedGrants = new LinkedHashSet<>();
    private int mostOpenAtOnce;
    private LockoutState savedLockout;

    public Kiosk(MemoryCache cache, QueueCodes codes) {
        this(KioskSettings.defaults("SB-TEST", 12), cache, codes, LockoutState.CLEAR);
    }

    public Kiosk(KioskSettings settings, MemoryCache cache, QueueCodes codes, LockoutState lockout) {
        this.settings = settings;
        this.machine = new PickupMachine(settings, new TwoFactorPolicy(), codes, new AppCodes());
        this.cache = cache;
        this.codes = codes;
        Transition first = machine.start(lockout, now());
        state = first.state();
        run(first.effects(), now());
    }

    public Kiosk observe(Observer o) {
        this.observer = o;
        return this;
    }

    // ---- what happens at the box ----

    /** Presses each key in turn; each is handled to the end (SMS outcome included) before the next. */
    public Kiosk press(String keys) {
        for (char c : keys.toCharArray()) {
            handle(new Event.KeyPressed(c));
        }
        return this;
    }

    /** Moves the clock on, with a tick at every deadline that falls due on the way, in order. */
    public Kiosk advance(long seconds) {
        return advanceMillis(seconds * 1000);
    }

    public Kiosk advanceMillis(long millis) {
        long target = mono + millis;
        for (int step = 0; ; step++) {
            if (step > 100_000) {
                throw new IllegalStateException("deadlines keep falling due");
            }
            long next = machine.nextDeadline(state, mono);
            if (next > target) {
                break;
            }
            mono = Math.max(mono, next);
            handle(new Event.Tick());
        }
        mono = target;
        return this;
    }

    /** The key is pulled out of the slot; false (and no event) when the slot was already empty. */
    public boolean take(int slot) {
        return physical(slot, false);
    }

    /** A key is pushed into the slot; false (and no event) when the slot already held one. */
    public boolean put(int slot) {
        return physical(slot, true);
    }

    public Kiosk smsFails(boolean failing) {
        this.smsFailing = failing;
        return this;
    }

    /**
     * While held, a code handed to the gateways gets no answer yet (a slow modem): the test delivers
     * {@link Event.CodeDelivered} or {@link Event.CodeNotDelivered} itself with {@link #handle}.
     */
    public Kiosk smsHeld(boolean held) {
        this.smsHeld = held;
        return this;
    }

    /** A verified app unlock grant with two minutes of its window left, as the grant checker hands it over. */
    public Kiosk appUnlock(String grantId, String userId, String keyId) {
        return appUnlock(grantId, userId, keyId, wall().plusSeconds(120));
    }

    public Kiosk appUnlock(String grantId, String userId, String keyId, Instant expiresAt) {
        return handle(new Event.AppUnlock(grantId, userId, keyId, expiresAt));
    }

    /** The grants the machine used up (each right before its slot was released), in order. */
    public List<String> usedGrants() {
        return List.copyOf(usedGrants);
    }

    public Kiosk handle(Event event) {
        Moment at = now();
        KioskState before = state;
        Transition t = machine.handle(state, event, at, cache);
        if (observer != null) {
            observer.transition(before, event, at, t, cache);
        }
        state = t.state();
        List<Event> feedback = run(t.effects(), at);
        feedback.forEach(this::handle);
        return this;
    }

    private boolean physical(int slot, boolean present) {
        if (cache.slotOccupied(slot) == present) {
            return false;
        }
        cache.sensor(slot, present);
        handle(new Event.SensorChanged(slot, present));
        return true;
    }

    private List<Event> run(List<Effect> list, Moment at) {
        List<Event> feedback = new ArrayList<>();
        Effect.Handler<Void> runner = new Effect.Handler<>() {
            @Override
            public Void show(Effect.Show e) {
                shown.add(new Shown(e.frame(), state.screen()));
                return null;
            }

            @Override
            public Void release(Effect.Release e) {
                open.add(e.slot());
                mostOpenAtOnce = Math.max(mostOpenAtOnce, open.size());
                releases.add(e.slot());
                return null;
            }

            @Override
            public Void hold(Effect.Hold e) {
                open.remove(e.slot());
                holds.add(e.slot());
                return null;
            }

            @Override
            public Void sendCode(Effect.SendCode e) {
                cache.recordCodeIssued(e.userId(), at.wall());
                sendCodes.add(e);
                if (smsHeld) {
                    return null;
                }
                if (smsFailing) {
                    feedback.add(new Event.CodeNotDelivered(e.userId(), "no gateway could send"));
                } else {
                    sms.add(new Sms(e.userId(), e.mobile(), e.code()));
                    feedback.add(new Event.CodeDelivered(e.userId()));
                }
                return null;
            }

            @Override
            public Void audit(Effect.Audit e) {
                audits.add(e.event());
                return null;
            }

            @Override
            public Void keyOut(Effect.KeyOut e) {
                cache.keyOut(e.keyId(), e.holderId(), e.accessId());
                return null;
            }

            @Override
            public Void keyIn(Effect.KeyIn e) {
                cache.keyIn(e.keyId());
                return null;
            }

            @Override
            public Void saveLockout(Effect.SaveLockout e) {
                savedLockout = e.state();
                return null;
            }

            @Override
            public Void codeNotSent(Effect.CodeNotSent e) {
                cache.forgetLastCodeIssued(e.userId());
                return null;
            }

            @Override
            public Void useAppStep(Effect.UseAppStep e) {
                cache.useAppStep(e.userId(), e.step());
                return null;
            }

            @Override
            public Void useGrant(Effect.UseGrant e) {
                if (!usedGrants.add(e.grantId())) {
                    throw new AssertionError("grant " + e.grantId() + " used twice");
                }
                return null;
            }
        };
        for (Effect e : list) {
            effects.add(e);
            e.accept(runner);
        }
        return feedback;
    }

    // ---- time ----

    public Moment now() {
        return new Moment(START.plusMillis(mono - MONO_START), mono);
    }

    public Instant wall() {
        return now().wall();
    }

    // ---- what a person (or the audit log) would see ----

    public Frame frame() {
        return shown.get(shown.size() - 1).frame();
    }

    /** The display as one string, lines joined by {@code |}. */
    public String display() {
        return frame().joined();
    }

    public boolean shows(String text) {
        return display().contains(text);
    }

    public List<Frame> frames() {
        return shown.stream().map(Shown::frame).toList();
    }

    public List<Shown> shown() {
        return List.copyOf(shown);
    }

    public List<AuditEvent> audits() {
        return List.copyOf(audits);
    }

    public List<AuditEvent> audits(AuditType type) {
        return audits.stream().filter(a -> a.type() == type).toList();
    }

    public int count(AuditType type) {
        return audits(type).size();
    }

    /** The last audit event of this type; fails the test when there is none. */
    public AuditEvent last(AuditType type) {
        List<AuditEvent> of = audits(type);
        if (of.isEmpty()) {
            throw new AssertionError("no " + type + " audited; audit log: " + auditLines());
        }
        return of.get(of.size() - 1);
    }

    public List<String> auditLines() {
        return audits.stream().map(AuditEvent::line).collect(Collectors.toList());
    }

    public List<AuditType> auditTypes() {
        return audits.stream().map(AuditEvent::type).toList();
    }

    public List<Sms> sms() {
        return List.copyOf(sms);
    }

    public Sms lastSms() {
        if (sms.isEmpty()) {
            throw new AssertionError("no SMS sent");
        }
        return sms.get(sms.size() - 1);
    }

    /** The code in the last SMS the gateway accepted. */
    public String lastCode() {
        return lastSms().code();
    }

    public List<Effect.SendCode> sendCodes() {
        return List.copyOf(sendCodes);
    }

    /** Every slot a latch was released for, in order. */
    public List<Integer> releases() {
        return List.copyOf(releases);
    }

    public List<Integer> holds() {
        return List.copyOf(holds);
    }

    /** Latches energized right now. */
    public Set<Integer> openLatches() {
        return Set.copyOf(open);
    }

    public int mostOpenAtOnce() {
        return mostOpenAtOnce;
    }

    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    public Mark mark() {
        return new Mark(shown.size(), audits.size(), releases.size(), sms.size());
    }

    public List<Frame> framesSince(Mark m) {
        return frames().subList(m.frames(), shown.size());
    }

    public List<AuditEvent> auditsSince(Mark m) {
        return audits().subList(m.audits(), audits.size());
    }

    public List<Integer> releasesSince(Mark m) {
        return releases().subList(m.releases(), releases.size());
    }

    // ---- internals a test may need ----

    public Screen screen() {
        return state.screen();
    }

    public KioskState state() {
        return state;
    }

    public MemoryCache cache() {
        return cache;
    }

    public QueueCodes codes() {
        return codes;
    }

    public PickupMachine machine() {
        return machine;
    }

    public KioskSettings settings() {
        return settings;
    }

    public LockoutState savedLockout() {
        return savedLockout;
    }
}
