package org.smartbox.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.cache.HealthCheck;
import org.smartbox.cache.Key;
import org.smartbox.config.BoxConfig;
import org.smartbox.hardware.LatchBank;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.kiosk.Checks;
import org.smartbox.kiosk.DirectSmsDispatch;
import org.smartbox.kiosk.GatewayChain;
import org.smartbox.kiosk.Inbox;
import org.smartbox.kiosk.Kiosk;
import org.smartbox.kiosk.StartFiles;
import org.smartbox.kiosk.SyncService;
import org.smartbox.pickup.Event;
import org.smartbox.store.BoxStore;
import org.smartbox.store.SlotsInUse;
import org.smartbox.store.StoreException;

/** Puts a simulated box together: simulated parts around the same kiosk the real box runs. */
public final class Simulator {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    /**
     * How to start. {@code demoData} is read only when there is no import and the database is empty;
     * {@code gateways} builds the non-simulated SMS gateways the config names ({@code modem}, {@code cloud});
     * {@code modemSignal} is the status screen's modem line.
     */
    public record Options(BoxConfig config, Path db, Optional<Path> importFile, Instant start,
                          Supplier<Optional<InputStream>> demoData, Function<String, SmsGateway> gateways,
                          Supplier<String> modemSignal, Function<Instant, List<HealthCheck>> health,
                          SecureRandom random, String version) {
    }

    private Simulator() {
    }

    /** Starts the box up to its first frame; lines before that (audit of the start) come first. */
    public static SimulatedBox start(Options options, ProtocolOut out) {
        BoxConfig config = options.config();
        StartFiles files = StartFiles.before(config, options.db());
        VirtualClock clock = new VirtualClock(options.start());
        SimLatches latchOutputs = new SimLatches(out, config.slots());
        LatchBank latches = new LatchBank(latchOutputs, config.slots(), config.latchMaxReleased(), clock);
        // Every latch held before anything else happens.
        latches.holdAll();
        SimKeySensors sensors = new SimKeySensors(config.slots());
        SimDisplay display = new SimDisplay(out);
        SimSmsGateway simSms = new SimSmsGateway(out);
        List<SmsGateway> gateways = new ArrayList<>();
        for (String kind : config.smsGateways()) {
            gateways.add(kind.equals("sim") ? simSms : options.gateways().apply(kind));
        }
        Kiosk.Parts parts = new Kiosk.Parts(latches, sensors, display,
                new DirectSmsDispatch(new GatewayChain(gateways)), options.modemSignal(),
                Checks.inPlace(options.health()));
        // The inbox first: every driver is handed it; the loop that empties it comes with the kiosk.
        Inbox inbox = new Inbox();
        sensors.onChange((slot, present) -> inbox.submit(new Event.SensorChanged(slot, present)));
        Kiosk kiosk;
        try {
            kiosk = Kiosk.open(config, options.db(), inbox, parts, clock, options.random(), options.version());
        } catch (StoreException e) {
            files.removeCreated();
            throw new SimulatorException(e.getMessage());
        }
        try {
            kiosk.data().audit().onAppend(record -> out.audit(record.event()));
            loadData(kiosk, options);
            // A key in a slot this box does not have could be listed but never opened: no start.
            SlotsInUse slots = SlotsInUse.read(kiosk.data().database(), config.slots());
            if (!slots.fits()) {
                throw new SimulatorException(options.db() + ": " + slots.problem() + "; " + slots.hint());
            }
            sensors.startWith(slotsWithKeysIn(kiosk.data().store()));
            kiosk.recordStart();
            return new SimulatedBox(kiosk, config, clock, sensors, simSms, display, out);
        } catch (RuntimeException e) {
            kiosk.close();
            files.removeCreated();
            throw e;
        }
    }

    private static void loadData(Kiosk kiosk, Options options) {
        if (options.importFile().isPresent()) {
            Path file = options.importFile().get();
            try (InputStream in = Files.newInputStream(file)) {
                SyncService.Outcome outcome = kiosk.data().sync().apply(in);
                if (outcome instanceof SyncService.Outcome.Rejected rejected) {
                    if (isStale(rejected, kiosk)) {
                        LOG.warn("{}: not applied, the cache is already at version {}", file,
                                rejected.currentVersion());
                        return;
                    }
                    throw new SimulatorException(file + ": " + rejected.rejection().message());
                }
            } catch (NoSuchFileException e) {
                throw new SimulatorException(file + ": no such file");
            } catch (IOException e) {
                throw new SimulatorException(file + ": cannot read: " + e.getMessage());
            }
        } else if (kiosk.data().store().state().cacheVersion() == 0) {
            Optional<InputStream> demo = options.demoData().get();
            if (demo.isEmpty()) {
                LOG.warn("no demo data found; the box starts empty");
                return;
            }
            try (InputStream in = demo.get()) {
                SyncService.Outcome outcome = kiosk.data().sync().apply(in);
                if (outcome instanceof SyncService.Outcome.Rejected rejected) {
                    LOG.warn("demo data not loaded: {}", rejected.rejection().message());
                }
            } catch (IOException e) {
                LOG.warn("demo data not loaded: {}", e.getMessage());
            }
        }
    }

    /** Re-importing the file a database was made from is harmless: it is simply already there. */
    private static boolean isStale(SyncService.Outcome.Rejected rejected, Kiosk kiosk) {
        return rejected.rejection().path().equals("version") && rejected.currentVersion() > 0;
    }

    /** Sensors start from what the box believes: every key it has not seen leave is in its slot. */
    private static Set<Integer> slotsWithKeysIn(BoxStore store) {
        Set<Integer> slots = new HashSet<>();
        Set<String> out = store.keys().keysOut();
        for (Key key : store.keys().allKeys()) {
            if (!out.contains(key.id())) {
                slots.add(key.slot());
            }
        }
        return slots;
    }
}
