package org.smartbox.kiosk;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.BoxEvents;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.auth.LockoutState;
import org.smartbox.auth.OneTimeCodes;
import org.smartbox.config.BoxConfig;
import org.smartbox.hardware.Display;
import org.smartbox.hardware.KeySensors;
import org.smartbox.hardware.LatchBank;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.KioskSettings;
import org.smartbox.pickup.Moment;
import org.smartbox.pickup.PickupMachine;
import org.smartbox.policy.TwoFactorPolicy;
import org.smartbox.store.AuditLog;
import org.smartbox.store.Ballast;
import org.smartbox.store.BoxState;
import org.smartbox.store.BoxStore;
import org.smartbox.store.StoreException;
import org.smartbox.store.StoreFault;
import org.smartbox.sync.Ed25519Keys;
import org.smartbox.sync.GrantVerifier;

/**
 * The kiosk on the box's SQLite data: the machine, the loop on its ports ({@link SqliteRecords},
 * {@link StoreView}, the audit log) and the grant checker. The same on the box and in the simulator;
 * the command that runs it (run, simulate) makes the inbox and the parts, and hands the inbox to
 * every driver. Opening it opens the database; the latches must already be held.
 */
public final class Kiosk implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kiosk.class);

    /** The hardware (or simulated hardware) a kiosk drives. */
    public record Parts(LatchBank latches, KeySensors sensors, Display display, SmsDispatch sms,
                        Supplier<String> modemSignal, Checks checks) {
    }

    private final BoxConfig config;
    private final LockoutPolicy lockoutPolicy;
    private final Parts parts;
    private final KioskClock clock;
    private final TimeFloor timeFloor;
    private static final long FLOOR_KEEP_MILLIS = 60_000;
    private long floorKeptMono = Long.MIN_VALUE / 2;
    private final BoxData data;
    private final BoxStore store;
    private final AuditLog audit;
    private final KioskLoop loop;
    private final GrantService grants;
    private final StoreView view;
    private boolean stopped;
    private boolean closed;

    private Kiosk(BoxConfig config, Inbox inbox, Parts parts, TimeFloor clock, BoxData data, SecureRandom random,
                  String version) {
        this.config = config;
        this.parts = parts;
        this.clock = clock;
        this.timeFloor = clock;
        this.data = data;
        this.store = data.store();
        this.audit = data.audit();
        KioskSettings settings = config.kioskSettings(version);
        this.lockoutPolicy = settings.lockout();
        PickupMachine machine = new PickupMachine(settings, new TwoFactorPolicy(),
                new OneTimeCodes(random, data.keys().codes()), new AppCodes());
        this.view = new StoreView(store, audit, parts.sensors(), version, config.boxId(), parts.modemSignal());
        Ballast ballast = Ballast.beside(data.database().file());
        ballast.ensure();
        this.loop = KioskLoop.assemble(inbox, machine, settings, new KioskLoop.Ports(
                new SqliteRecords(store, ballast), view, audit::append, parts.latches(), parts.display(),
                parts.sms(), parts.checks(), clock, () -> probe(ballast)));
        loop.beforeEach(() -> {
            auditClockBehind();
            keepTimeFloor();
        });
        Optional<GrantVerifier> verifier = config.grantPublicKey()
                .map(key -> new GrantVerifier(Ed25519Keys.publicKey(key), config.boxId()));
        this.grants = new GrantService(verifier, store, audit, data.refusals(), clock, inbox);
        parts.latches().onGuardDrop(slot -> inbox.execute(() -> record(BoxEvents.latchGuard(slot))));
    }

    /** Can the store be trusted with writes again? Needs room for the reserve and a sound database. */
    private void probe(Ballast ballast) {
        if (!ballast.ensure()) {
            throw new StoreException(StoreFault.DISK_FULL, data.database().file() + ": the disk is still full");
        }
        String check = data.database().integrityCheck();
        if (!check.equals("ok")) {
            throw new StoreException(StoreFault.CORRUPT, data.database().file() + ": the database is corrupt: " + check);
        }
        store.state().setMeta("last_probe", clock.now().wall().toString());
    }

    /**
     * Opens the database and the box secret (creating either on first start) and builds the kiosk.
     * Throws {@link StoreException} when the database cannot be used, corrupt ones included.
     */
    public static Kiosk open(BoxConfig config, Path dbFile, Inbox inbox, Parts parts, KioskClock clock,
                             SecureRandom random, String version) {
        // Every decision, audit time and sync judgement of this box goes through the time floor.
        TimeFloor floored = new TimeFloor(clock);
        BoxData data = BoxData.open(config, dbFile, floored, random);
        try {
            floored.raiseTo(data.store().state().timeFloor());
            // A damaged file can still open and answer most queries: never serve from one.
            String check = data.database().integrityCheck();
            if (!check.equals("ok")) {
                throw new StoreException(StoreFault.CORRUPT, dbFile + ": the database is corrupt: " + check);
            }
            return new Kiosk(config, inbox, parts, floored, data, random, version);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /**
     * A wall clock found behind the time floor is audited once per episode (SPEC §12); decisions
     * meanwhile use the floor. On the loop's thread, before each event, and at the start.
     */
    private void auditClockBehind() {
        timeFloor.takeEpisode().ifPresent(episode -> audit.append(BoxEvents.clockBehind(
                episode.wall(), episode.floor(), episode.behindSeconds()),
                clock.now().wall()));
    }

    /**
     * Writes the time floor down at most once a minute while the box runs (on the loop's thread:
     * before events and from the service's heartbeat), so a power cut long after the last audit
     * entry still leaves a floor at most a minute old (SPEC §12): a lock restored after it can have
     * grown by that minute at most, whatever the clock says.
     */
    public void keepTimeFloor() {
        Moment now = clock.now();
        if (now.mono() - floorKeptMono < FLOOR_KEEP_MILLIS) {
            return;
        }
        floorKeptMono = now.mono();
        try {
            store.state().setMeta(BoxState.TIME_FLOOR, now.wall().toString());
        } catch (StoreException e) {
            LOG.warn("could not keep the time floor: {}", e.getMessage());
        }
        auditClockBehind();
    }

    /** Is the wall clock behind the time floor now (for the box's status)? */
    public boolean clockBehind() {
        return timeFloor.behind();
    }

    /** Audits the start, and a session a crash cut short. */
    public void recordStart() {
        auditClockBehind();
        Optional<BoxState.OpenLatch> open = store.state().openLatch();
        audit.append(BoxEvents.started(config.boxId(), store.state().cacheVersion()),
                clock.now().wall());
        if (open.isPresent()) {
            BoxState.OpenLatch latch = open.get();
            audit.append(BoxEvents.sessionInterrupted(latch.userId(), latch.keyId(), latch.slot()), clock.now().wall());
            store.state().clearOpenLatch();
        }
    }

    /** Shows the first frame, with the lockout counters restored as they were. */
    public void showFirstFrame() {
        LockoutState lockout = store.state().loadLockout()
                .map(saved -> EffectRunner.LockoutClock.fromWall(saved, clock.now(), lockoutPolicy))
                .orElse(LockoutState.CLEAR);
        loop.start(lockout);
    }

    /** Holds every latch and audits the stop. Safe to call more than once. */
    public void stop() {
        stop(null);
    }

    /**
     * Holds every latch and audits the stop; {@code crash} (the error that ended the box, its class
     * name only: a message may hold anything) goes into the {@code STOPPED} entry as its reason.
     */
    public synchronized void stop(String crash) {
        if (stopped) {
            return;
        }
        stopped = true;
        parts.latches().holdAll();
        try {
            data.refusals().flush();
            audit.append(crash == null ? BoxEvents.stopped() : BoxEvents.crashed(crash), clock.now().wall());
        } catch (StoreException e) {
            LOG.error("could not audit the stop: {}", e.getMessage());
        }
    }

    /** The loop that runs the machine; its inbox is the one handed in at {@link #open}. */
    public KioskLoop loop() {
        return loop;
    }

    /**
     * Where the machine reads the enclosure's tamper switch from; each change must also reach the
     * loop as an {@link Event.EnclosureChanged}, after the source shows it.
     */
    public void enclosureFrom(Supplier<org.smartbox.cache.Enclosure> source) {
        view.enclosureFrom(source);
    }

    /** App unlock grants from the cloud or the simulator; on the loop's thread. */
    public GrantService grants() {
        return grants;
    }

    /** The kiosk's time: what its decisions, audit entries and sync judgements are stamped with. */
    public KioskClock clock() {
        return clock;
    }

    /** What the kiosk keeps on disk: the store, the audit log, sync, refusals. */
    public BoxData data() {
        return data;
    }

    /** Audits {@code event} now; on the loop's thread. */
    public void record(AuditEvent event) {
        audit.append(event, clock.now().wall());
    }

    @Override
    public void close() {
        close(null);
    }

    /** Closes after a crash: the {@code STOPPED} entry names {@code crash} (see {@link #stop(String)}). */
    public synchronized void close(String crash) {
        if (closed) {
            return;
        }
        closed = true;
        stop(crash);
        parts.sms().close();
        data.close();
    }
}
