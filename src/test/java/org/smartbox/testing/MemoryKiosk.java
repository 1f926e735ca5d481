package org.smartbox.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.LockoutState;
import org.smartbox.hardware.Latches;
import org.smartbox.hardware.SmsException;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.kiosk.Checks;
import org.smartbox.kiosk.DirectSmsDispatch;
import org.smartbox.kiosk.EffectRunner;
import org.smartbox.kiosk.GatewayChain;
import org.smartbox.kiosk.Inbox;
import org.smartbox.kiosk.KioskLoop;
import org.smartbox.kiosk.SmsDispatch;
import org.smartbox.pickup.Effect;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.Frame;
import org.smartbox.pickup.KioskSettings;
import org.smartbox.pickup.KioskState;
import org.smartbox.pickup.Moment;
import org.smartbox.pickup.Screen;
import org.smartbox.pickup.PickupMachine;
import org.smartbox.policy.TwoFactorPolicy;
import org.smartbox.sim.VirtualClock;

/**
 * The real kiosk loop on in-memory ports: {@link MemoryRecords} for the records and the cache view, a
 * list for the audit sink, recording latches, the real SMS dispatch through a gateway that can be
 * made to fail, and a clock that moves only with {@link #advance}. Every method returns once the
 * loop has handled what it caused (an SMS outcome included). What a person at the box, or the audit
 * log, would see is kept, so a test can assert on it.
 */
public final class MemoryKiosk {

    /** The wall time every test box starts at. */
    public static final Instant START = Instant.parse("2026-11-28T12:00:00Z");
    /** Monotonic time at start: deliberately not zero. */
    private static final long MONO_START = 7_000_000L;
    /** The code in a code message: its only run of digits (CodeMessage). */
    private static final Pattern CODE = Pattern.compile("[0-9]{4,}");

    /** A frame as it was drawn, with the screen that drew it. */
    public record Shown(Frame frame, Screen screen) {
    }

    /** A code message the gateway accepted. */
    public record Sms(String userId, String mobile, String code) {
    }

    /** Positions in the logs, to look at what happened after a point. */
    public record Mark(int frames, int audits, int releases, int sms) {
    }

    /** Sees every transition once its effects were carried out. */
    public interface Observer {
        void transition(KioskState before, Event event, Moment at, KioskState after, List<Effect> effects);
    }

    private final KioskSettings settings;
    private final MemoryRecords cache;
    private final QueueCodes codes;
    private final VirtualClock clock = new VirtualClock(START, MONO_START);
    private final KioskLoop loop;
    private boolean smsFailing;
    /** By default the records' checks, run in place; a test may run them elsewhere. */
    private volatile Checks checks;
    private String sendingFor;
    private boolean smsHeld;
    private Observer observer;

    private final List<Shown> shown = new ArrayList<>();
    private final List<AuditEvent> audits = new ArrayList<>();
    private final List<Sms> sms = new ArrayList<>();
    private final List<Effect.SendCode> sendCodes = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();
    private final RecordingLatches latches = new RecordingLatches();

    public MemoryKiosk(MemoryRecords cache, QueueCodes codes) {
        this(KioskSettings.defaults("SB-TEST", 12), cache, codes, LockoutState.CLEAR);
    }

    public MemoryKiosk(KioskSettings settings, MemoryRecords cache, QueueCodes codes, LockoutState lockout) {
        this.settings = settings;
        this.cache = cache;
        this.codes = codes;
        PickupMachine machine = new PickupMachine(settings, new TwoFactorPolicy(), codes, new AppCodes());
        SmsGateway gateway = new SmsGateway() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public String send(String e164, String text) throws SmsException {
                if (smsFailing) {
                    throw new SmsException("no gateway could send");
                }
                sms.add(new Sms(sendingFor, e164, codeIn(text)));
                return "ref-" + sms.size();
            }
        };
        DirectSmsDispatch direct = new DirectSmsDispatch(new GatewayChain(List.of(gateway)));
        SmsDispatch dispatch = (userId, e164, text, outcome) -> {
            if (smsHeld) {
                return;
            }
            sendingFor = userId;
            direct.dispatch(userId, e164, text, outcome);
        };
        this.checks = Checks.inPlace(at -> List.copyOf(cache.checks));
        this.loop = KioskLoop.assemble(new Inbox(), machine, settings, new KioskLoop.Ports(cache, cache,
                (event, at) -> audits.add(event), latches, frame -> { }, dispatch,
                (at, done) -> checks.start(at, done), clock, () -> { }));
        loop.observe(this::handled);
        loop.start(lockout);
    }

    private void handled(Event event, KioskState before, KioskState after, List<Effect> done) {
        for (Effect e : done) {
            effects.add(e);
            if (e instanceof Effect.Show show) {
                shown.add(new Shown(show.frame(), after.screen()));
            } else if (e instanceof Effect.SendCode send) {
                sendCodes.add(send);
            }
        }
        if (observer != null && event != null) {
            observer.transition(before, event, now(), after, done);
        }
    }

    private static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        return m.find() ? m.group() : "";
    }

    public MemoryKiosk observe(Observer o) {
        this.observer = o;
        return this;
    }

    // ---- what happens at the box ----

    /** Presses each key in turn; each is handled to the end (SMS outcome included) before the next. */
    public MemoryKiosk press(String keys) {
        for (char c : keys.toCharArray()) {
            handle(new Event.KeyPressed(c));
        }
        return this;
    }

    /** Moves the clock on, with a tick at every deadline that falls due on the way, in order. */
    public MemoryKiosk advance(long seconds) {
        return advanceMillis(seconds * 1000);
    }

    public MemoryKiosk advanceMillis(long millis) {
        loop.advance(clock, millis);
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

    /** Back to the records' checks, run in place (the default). */
    public MemoryKiosk checksInPlace() {
        this.checks = Checks.inPlace(at -> List.copyOf(cache.checks));
        return this;
    }

    /** Runs the service menu's checks through {@code runner} from now on (another thread, say). */
    public MemoryKiosk checksBy(Checks runner) {
        this.checks = runner;
        return this;
    }

    /** Handles what other threads (a check finishing) put in the inbox so far. */
    public MemoryKiosk drain() {
        loop.drain();
        return this;
    }

    public MemoryKiosk smsFails(boolean failing) {
        this.smsFailing = failing;
        return this;
    }

    /**
     * While held, a code handed to the gateways gets no answer yet (a slow modem): the test delivers
     * {@link Event.CodeDelivered} or {@link Event.CodeNotDelivered} itself with {@link #handle}.
     */
    public MemoryKiosk smsHeld(boolean held) {
        this.smsHeld = held;
        return this;
    }

    /** A verified app unlock grant with two minutes of its window left, as the grant checker hands it over. */
    public MemoryKiosk appUnlock(String grantId, String userId, String keyId) {
        return appUnlock(grantId, userId, keyId, wall().plusSeconds(120));
    }

    public MemoryKiosk appUnlock(String grantId, String userId, String keyId, Instant expiresAt) {
        return handle(new Event.AppUnlock(grantId, userId, keyId, expiresAt));
    }

    /** The grants the machine used up (each right before its slot was released), in order. */
    public List<String> usedGrants() {
        return cache.usedGrants();
    }

    /** Any event, through the loop's inbox, handled to the end. */
    public MemoryKiosk handle(Event event) {
        loop.submit(event);
        loop.drain();
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

    // ---- time ----

    public Moment now() {
        return clock.now();
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
        return List.copyOf(latches.releases);
    }

    public List<Integer> holds() {
        return List.copyOf(latches.holds);
    }

    /** Latches energized right now. */
    public Set<Integer> openLatches() {
        return Set.copyOf(latches.open);
    }

    public int mostOpenAtOnce() {
        return latches.mostOpenAtOnce;
    }

    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    public Mark mark() {
        return new Mark(shown.size(), audits.size(), latches.releases.size(), sms.size());
    }

    public List<Frame> framesSince(Mark m) {
        return frames().subList(m.frames(), shown.size());
    }

    public List<AuditEvent> auditsSince(Mark m) {
        return audits().subList(m.audits(), audits.size());
    }

    public List<Integer> releasesSince(Mark m) {
        return releases().subList(m.releases(), latches.releases.size());
    }

    // ---- internals a test may need ----

    public Screen screen() {
        return loop.state().screen();
    }

    public KioskState state() {
        return loop.state();
    }

    public MemoryRecords cache() {
        return cache;
    }

    public QueueCodes codes() {
        return codes;
    }

    public KioskSettings settings() {
        return settings;
    }

    public KioskLoop loop() {
        return loop;
    }

    /** The lockout counters as a restart would restore them now, or null when none were ever saved. */
    public LockoutState savedLockout() {
        return cache.savedLockout().map(saved -> EffectRunner.LockoutClock.fromWall(saved, now(), settings.lockout()))
                .orElse(null);
    }

    /** Latches that only remember what they were told: the machine's own order, nothing below it. */
    private static final class RecordingLatches implements Latches {
        final List<Integer> releases = new ArrayList<>();
        final List<Integer> holds = new ArrayList<>();
        final Set<Integer> open = new LinkedHashSet<>();
        int mostOpenAtOnce;

        @Override
        public void release(int slot) {
            open.add(slot);
            mostOpenAtOnce = Math.max(mostOpenAtOnce, open.size());
            releases.add(slot);
        }

        @Override
        public void hold(int slot) {
            open.remove(slot);
            holds.add(slot);
        }

        @Override
        public void holdAll() {
            open.clear();
        }

        @Override
        public OptionalInt released() {
            return open.stream().mapToInt(Integer::intValue).findFirst();
        }
    }
}
