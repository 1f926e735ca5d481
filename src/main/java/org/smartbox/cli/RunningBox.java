package org.smartbox.cli;

import com.pi4j.context.Context;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.cache.Key;
import org.smartbox.config.BoxConfig;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import org.smartbox.diag.Diagnostics;
import org.smartbox.diag.HostFacts;
import org.smartbox.fleet.FleetLink;
import org.smartbox.fleet.FleetPorts;
import org.smartbox.fleet.KioskAccess;
import org.smartbox.hardware.LatchBank;
import org.smartbox.hardware.ScheduledGuardTimer;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.cache.Enclosure;
import org.smartbox.diag.Check;
import org.smartbox.diag.PartChecks;
import org.smartbox.hardware.Beeper;
import org.smartbox.hardware.StatusLight;
import org.smartbox.hardware.pi4j.ExpanderBank;
import org.smartbox.hardware.pi4j.GpioKeySensors;
import org.smartbox.hardware.pi4j.GpioLatches;
import org.smartbox.hardware.pi4j.Hd44780Display;
import org.smartbox.hardware.pi4j.InputLines;
import org.smartbox.hardware.pi4j.MatrixKeypad;
import org.smartbox.hardware.pi4j.MockBench;
import org.smartbox.hardware.pi4j.PinBeeper;
import org.smartbox.hardware.pi4j.PinStatusLight;
import org.smartbox.kiosk.Checks;
import org.smartbox.kiosk.Feedback;
import org.smartbox.kiosk.GatewayChain;
import org.smartbox.kiosk.Inbox;
import org.smartbox.kiosk.Kiosk;
import org.smartbox.kiosk.KioskLoop;
import org.smartbox.kiosk.PowerSupervisor;
import org.smartbox.kiosk.StartFiles;
import org.smartbox.kiosk.SystemKioskClock;
import org.smartbox.kiosk.ThreadedSmsDispatch;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.Frame;
import org.smartbox.store.BoxStore;
import org.smartbox.store.ServiceLock;
import org.smartbox.store.StoreException;
import org.smartbox.systemd.ServiceNotifier;

/**
 * The real box put together on a Pi4J context, in the order its safety needs: every latch held
 * before any other part is touched (expanders held in reset until they are set up and verified),
 * then the parts, the database, the first frame, the drivers, and only then {@code READY=1}.
 * {@link #close()} takes it apart again with every latch held.
 */
final class RunningBox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningBox.class);

    private final Kiosk kiosk;
    private final LatchBank latches;
    private final MatrixKeypad keypad;
    private final GpioKeySensors sensors;
    private final Hd44780Display display;
    private final ScheduledGuardTimer guard;
    private final ServiceLock lock;
    private final Optional<FleetLink> link;
    private final SmsGateways gateways;
    private final Deque<AutoCloseable> optionalParts;
    private final Optional<ExpanderBank> expanders;
    private final Optional<MockBench> bench;
    private final String boxId;
    private boolean closed;

    private RunningBox(Kiosk kiosk, LatchBank latches, MatrixKeypad keypad, GpioKeySensors sensors,
                       Hd44780Display display, ScheduledGuardTimer guard, ServiceLock lock,
                       Optional<FleetLink> link, SmsGateways gateways, Deque<AutoCloseable> optionalParts,
                       Optional<ExpanderBank> expanders, Optional<MockBench> bench, String boxId) {
        this.kiosk = kiosk;
        this.latches = latches;
        this.keypad = keypad;
        this.sensors = sensors;
        this.display = display;
        this.guard = guard;
        this.lock = lock;
        this.link = link;
        this.gateways = gateways;
        this.optionalParts = optionalParts;
        this.expanders = expanders;
        this.bench = bench;
        this.boxId = boxId;
    }

    /**
     * Starts the box up to the point where it serves: parts driven, database open, first frame shown,
     * keypad and sensors watched, {@code READY=1} sent. The caller then runs {@link #serve(Runnable)}.
     */
    static RunningBox start(DeviceConfig device, Path db, Context pi4j, SmsGateways gateways,
                            Optional<FleetLink> link, ServiceNotifier notifier, Clock wall, String version) {
        BoxConfig box = device.box();
        HardwareConfig hw = device.hardware().orElseThrow();
        Deque<AutoCloseable> built = new ArrayDeque<>();
        Deque<AutoCloseable> optional = new ArrayDeque<>();
        StartFiles files = null;
        LatchBank latches = null;
        Hd44780Display shownOn = null;
        try {
            // 0. One kiosk per box: a second one would fight the first for every pin.
            ServiceLock lock = KioskLock.claim(db, "run");
            built.push(lock);
            files = StartFiles.before(box, db);
            // 1. Every latch held, before anything else. Expanders sit in reset (every pin floating,
            // so held) from the moment their RESET line is claimed until they are set up and verified.
            Optional<ExpanderBank> expanders = hw.expanders().map(config -> new ExpanderBank(pi4j, config));
            expanders.ifPresent(built::push);
            ScheduledGuardTimer guard = new ScheduledGuardTimer();
            built.push(guard);
            latches = new LatchBank(new GpioLatches(pi4j, hw.latchPins(), hw.releaseHigh(), expanders), box.slots(),
                    box.latchMaxReleased(), guard);
            expanders.ifPresent(ExpanderBank::start);
            latches.holdAll();
            LOG.info("all {} latches held", box.slots());
            // Only now the modem's port (SPEC §8: latches first).
            gateways.start();

            // 2. The other parts.
            GpioKeySensors sensors = new GpioKeySensors(pi4j, hw.sensorPins(), hw.sensorPull(), hw.presentHigh(),
                    hw.sensorDebounce(), expanders);
            built.push(sensors);
            Optional<InputLines> tamper = hw.tamper().map(t -> new InputLines(pi4j, "tamper", List.of("tamper"),
                    List.of("tamper switch"), List.of(t.open()), expanders, hw.sensorDebounce()));
            tamper.ifPresent(optional::push);
            Optional<InputLines> power = hw.power().map(p -> powerLines(pi4j, p, expanders, hw));
            power.ifPresent(optional::push);
            Optional<Beeper> beeper = hw.beeper().map(b -> new PinBeeper(pi4j, b, expanders));
            beeper.ifPresent(optional::push);
            Optional<StatusLight> light = hw.led().map(l -> new PinStatusLight(pi4j, l, expanders));
            light.ifPresent(optional::push);
            Hd44780Display display = new Hd44780Display(Hd44780Display.open(pi4j, hw.display()), hw.display(),
                    System::nanoTime);
            built.push(display);
            display.start();
            shownOn = display;
            MatrixKeypad keypad = new MatrixKeypad(pi4j, hw.keypad());
            built.push(keypad);
            // A bench box's keypad wiring, before the scanner starts: at rest, no key is down.
            Optional<MockBench> bench = hw.platform() == HardwareConfig.Platform.MOCK
                    ? Optional.of(new MockBench(pi4j, hw, box.slots())) : Optional.empty();
            ThreadedSmsDispatch sms = new ThreadedSmsDispatch(new GatewayChain(gateways.all()));
            built.push(sms);

            // 3. The database and the kiosk. The inbox first: every driver below is handed it.
            Inbox inbox = new Inbox();
            List<Check> live = liveChecks(hw, expanders, tamper, power);
            Kiosk.Parts parts = new Kiosk.Parts(latches, sensors, display, sms, () -> gateways.modemSignal("no modem"),
                    Checks.onOwnThread(HealthChecks.of(new Diagnostics(new HostFacts(), live), device, db)));
            Kiosk kiosk = Kiosk.open(box, db, inbox, parts, new SystemKioskClock(wall), new SecureRandom(), version);
            built.push(kiosk);
            kiosk.recordStart();
            new Feedback(beeper, light).attach(kiosk.loop());
            tamper.ifPresent(t -> kiosk.enclosureFrom(() -> !t.active(1) ? Enclosure.CLOSED
                    : hw.tamper().orElseThrow().outOfService() ? Enclosure.OPEN_STOPS_SERVICE : Enclosure.OPEN));
            kiosk.showFirstFrame();
            reconcile(kiosk, sensors, inbox);
            expanders.ifPresent(bank -> watch(kiosk.loop(), bank));
            tamper.ifPresent(t -> watchEnclosure(inbox, t));
            power.ifPresent(p -> watchPower(kiosk, p, hw.power().orElseThrow()));

            // 4. The drivers feed the loop from now on.
            sensors.onChange((slot, present) -> inbox.submit(new Event.SensorChanged(slot, present)));
            sensors.start();
            tamper.ifPresent(InputLines::start);
            power.ifPresent(InputLines::start);
            keypad.start(key -> inbox.submit(new Event.KeyPressed(key)));
            // 5. The cloud: sync in, events out. Pickups never wait for it.
            link.ifPresent(l -> l.start(FleetPorts.of(kiosk.data(), kiosk.grants(), kiosk.clock(),
                    KioskAccess.of(inbox))));
            notifier.notify("READY=1\nSTATUS=Serving: box " + box.boxId() + ", " + box.slots() + " slots");
            LOG.info("box {} serving ({} slots, {} platform)", box.boxId(), box.slots(),
                    hw.platform().name().toLowerCase(java.util.Locale.ROOT));
            return new RunningBox(kiosk, latches, keypad, sensors, display, guard, lock, link, gateways, optional,
                    expanders, bench, box.boxId());
        } catch (RuntimeException e) {
            if (latches != null) {
                safeHoldAll(latches);
            }
            if (shownOn != null) {
                // Whoever stands at the box learns it is not serving; closing the display draws this last.
                shownOn.show(Frame.of(Frame.center("OUT OF SERVICE"), e instanceof StoreException
                        ? "Storage error" : "Hardware error", "", "Please call support"));
            }
            while (!optional.isEmpty()) {
                built.push(optional.removeLast());
            }
            while (!built.isEmpty()) {
                try {
                    AutoCloseable part = built.pop();
                    if (part instanceof ServiceLock && files != null) {
                        // Still under the lock: no other kiosk can be opening these files now.
                        files.removeCreated();
                    }
                    part.close();
                } catch (Exception again) {
                    LOG.warn("while giving up the start: {}", again.getMessage());
                }
            }
            throw e;
        }
    }

    /** Runs the kiosk loop on this thread until {@link #stop()}. */
    void serve(Runnable heartbeat) {
        kiosk.loop().run(() -> {
            heartbeat.run();
            kiosk.keepTimeFloor();
        });
    }

    /** From any thread (the SIGTERM hook): ends {@link #serve(Runnable)}. */
    void stop() {
        kiosk.loop().stop();
    }

    /** From any thread, when the loop itself cannot be trusted: drives every latch to held. */
    void holdAllLatches() {
        safeHoldAll(latches);
        expanders.ifPresent(ExpanderBank::holdByReset);
    }

    /** True while the parts the loop cannot replace are alive: feeds the service watchdog. */
    boolean healthy() {
        return keypad.alive();
    }

    Kiosk kiosk() {
        return kiosk;
    }

    /** On the mock platform: the keypad wiring, sensors, latches and LCD to act on the box through. */
    Optional<MockBench> bench() {
        return bench;
    }

    /**
     * Stops the drivers, holds every latch, audits the stop, closes the database, and leaves an
     * "out of service" frame on the display (an LCD keeps showing its last frame after the program
     * ends, and an inviting home screen would be a lie then).
     */
    @Override
    public void close() {
        close(null);
    }

    /** As {@link #close()} after a crash: {@code crash} (an error's class name) is the reason in STOPPED and the status. */
    public synchronized void close(String crash) {
        if (closed) {
            return;
        }
        closed = true;
        keypad.close();
        sensors.close();
        for (AutoCloseable part : optionalParts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing a part: {}", e.getMessage());
            }
        }
        safeHoldAll(latches);
        // Then RESET low: every expander pin floats, which holds its latches whatever happens next.
        expanders.ifPresent(ExpanderBank::close);
        display.show(Frame.of(Frame.center("SmartBox " + boxId), "",
                Frame.center("Out of service"), ""));
        // Documents and grants stay with the broker from here on: the kiosk is going.
        link.ifPresent(FleetLink::stopIntake);
        try {
            kiosk.close(crash);
        } catch (RuntimeException e) {
            LOG.error("closing the kiosk: {}", e.getMessage());
        }
        // After the kiosk, so its STOPPED event can still go out.
        link.ifPresent(l -> l.close(crash));
        gateways.close();
        display.close();
        guard.close();
        try {
            lock.close();
        } catch (java.io.IOException e) {
            LOG.warn("releasing the service lock: {}", e.getMessage());
        }
    }

    /** The mains-lost and battery-low lines, in that order, as far as the box has them. */
    private static InputLines powerLines(com.pi4j.context.Context pi4j, HardwareConfig.Power power,
                                         Optional<ExpanderBank> expanders, HardwareConfig hw) {
        List<String> ids = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        List<HardwareConfig.Input> lines = new java.util.ArrayList<>();
        power.mainsLost().ifPresent(line -> {
            ids.add("power-mains-lost");
            names.add("mains-lost line");
            lines.add(line);
        });
        power.batteryLow().ifPresent(line -> {
            ids.add("power-battery-low");
            names.add("battery-low line");
            lines.add(line);
        });
        return new InputLines(pi4j, "power", ids, names, lines, expanders, hw.sensorDebounce());
    }

    /** The parts' checks as the running box sees them, for the service menu's checks page. */
    private static List<Check> liveChecks(HardwareConfig hw, Optional<ExpanderBank> expanders,
                                          Optional<InputLines> tamper, Optional<InputLines> power) {
        List<Check> checks = new java.util.ArrayList<>();
        expanders.ifPresent(bank -> checks.add(() -> PartChecks.expanders(bank.describe(),
                Optional.ofNullable(bank.fault()))));
        tamper.ifPresent(t -> checks.add(() -> PartChecks.tamper(t.active(1), hw.tamper().orElseThrow().outOfService())));
        power.ifPresent(p -> checks.add(() -> {
            boolean mains = hw.power().orElseThrow().mainsLost().isPresent();
            Optional<Boolean> lost = mains ? Optional.of(p.active(1)) : Optional.empty();
            Optional<Boolean> low = hw.power().orElseThrow().batteryLow().map(b -> p.active(mains ? 2 : 1));
            return PartChecks.power(lost, low);
        }));
        return checks;
    }

    /** An expander fault takes the box out of service (every latch is held already); recovery brings it back. */
    private static void watch(KioskLoop loop, ExpanderBank bank) {
        bank.onFault(reason -> loop.execute(() -> loop.partFault("expanders", reason)));
        bank.onRecovered(() -> loop.execute(() -> loop.partCleared("expanders")));
        if (bank.faulty()) {
            String reason = bank.fault();
            loop.execute(() -> loop.partFault("expanders", reason));
        }
    }

    /** Each settled change of the tamper switch reaches the machine; an open door at start counts as opened. */
    private static void watchEnclosure(Inbox inbox, InputLines tamper) {
        tamper.onChange((line, open) -> inbox.submit(new Event.EnclosureChanged(open)));
        if (tamper.active(1)) {
            inbox.submit(new Event.EnclosureChanged(true));
        }
    }

    private static void watchPower(Kiosk kiosk, InputLines lines, HardwareConfig.Power config) {
        PowerSupervisor supervisor = new PowerSupervisor(kiosk, config.shutdownCommand());
        boolean mains = config.mainsLost().isPresent();
        int batteryLine = config.batteryLow().isPresent() ? (mains ? 2 : 1) : -1;
        lines.onChange((line, active) -> {
            if (line == batteryLine) {
                if (active) {
                    supervisor.batteryLow();
                }
            } else {
                supervisor.mains(active);
            }
        });
        if (mains && lines.active(1)) {
            supervisor.mains(true);
        }
        if (batteryLine > 0 && lines.active(batteryLine)) {
            supervisor.batteryLow();
        }
    }

    /**
     * A key that left (or came back) while the box was not running is a change like any other: the
     * machine audits it as tamper and updates the key's state. Slots without a key are left alone.
     */
    private static void reconcile(Kiosk kiosk, GpioKeySensors sensors, Inbox inbox) {
        BoxStore store = kiosk.data().store();
        for (Key key : store.keys().allKeys()) {
            if (key.slot() < 1 || key.slot() > sensors.slots()) {
                continue;
            }
            boolean believedIn = !store.keys().keyState(key.id()).out();
            boolean present = sensors.present(key.slot());
            if (believedIn != present) {
                LOG.warn("slot {}: the sensor reads {} but key {} should be {}", key.slot(),
                        present ? "a key" : "empty", key.id(), believedIn ? "in" : "out");
                inbox.submit(new Event.SensorChanged(key.slot(), present));
            }
        }
    }

    private static void safeHoldAll(LatchBank latches) {
        try {
            latches.holdAll();
        } catch (RuntimeException e) {
            LOG.error("holding every latch failed: {}", e.getMessage());
        }
    }
}
