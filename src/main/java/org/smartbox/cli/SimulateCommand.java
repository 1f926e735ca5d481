package org.smartbox.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.smartbox.config.DeviceConfig;
import org.smartbox.diag.Diagnostics;
import org.smartbox.diag.HostFacts;
import org.smartbox.fleet.FleetLink;
import org.smartbox.fleet.FleetPorts;
import org.smartbox.fleet.KioskAccess;
import org.smartbox.sim.InteractiveConsole;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.ScriptProtocol;
import org.smartbox.sim.SimulatedBox;
import org.smartbox.sim.Simulator;
import org.smartbox.sim.SimulatorException;
import org.smartbox.store.ServiceLock;
import org.smartbox.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smartbox simulate}: the real kiosk on simulated hardware, scripted or at a terminal. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        header = "Run the kiosk on simulated hardware, at a terminal or driven by a script.",
        description = {"The same kiosk as on the box (state machine, store, 2FA policy, audit) with a simulated"
                + " keypad, display, latches, key sensors, SMS gateway and clock.",
                "Without --script it draws the box in the terminal, laid out for its size, and takes keys as they"
                + " are typed; '?' shows who is in the demo data and what to type; ':' opens a command line (take 3,"
                + " put 3, advance 30, sms fail, apply FILE, grant FILE). Its log is appended to smartbox-sim.log in"
                + " the working folder. With --script it"
                + " reads one command per line on stdin and prints one event per line on stdout, as described in"
                + " docs/simulator-protocol.md. With an empty database and no --import it loads the demo data."},
        footerHeading = "%nExamples:%n",
        footer = {"  smartbox simulate",
                "  smartbox simulate --script --now 2026-11-28T12:00:00Z --db /tmp/demo.db < commands.txt"})
final class SimulateCommand implements Callable<Integer> {

    /** The interactive simulator's log, in the working folder (README: "Two commands"). */
    static final String LOG_FILE = "smartbox-sim.log";

    @Mixin
    BoxOptions box;

    @Option(names = "--script", description = "Read commands from stdin, one per line; print protocol lines.")
    boolean script;

    @Option(names = "--import", paramLabel = "FILE", description = "Apply this sync document at start.")
    Path importFile;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Start instant of the simulated clock (default: the real time).")
    Instant now;

    @Override
    public Integer call() throws Exception {
        // The terminal belongs to the drawing: while it draws, stderr (where the log lines go) is a file,
        // appended to. Errors that end the command are printed after it is given back, on the terminal.
        PrintStream terminalErr = System.err;
        Optional<PrintStream> log = script ? Optional.empty() : SimulatorLog.open(Path.of(LOG_FILE));
        log.ifPresent(System::setErr);
        try {
            return loadAndSimulate();
        } finally {
            if (log.isPresent()) {
                System.setErr(terminalErr);
                log.get().close();
            }
        }
    }

    private int loadAndSimulate() throws Exception {
        DeviceConfig device = box.load("simulator.properties");
        Path db = box.dbFile(device);
        // One kiosk per database (SPEC §13): the same lock smartbox run takes, before anything is opened.
        try (ServiceLock lock = claim(db)) {
            return simulate(device, db);
        }
    }

    private static ServiceLock claim(Path db) {
        try {
            return KioskLock.claim(db, "simulate");
        } catch (StoreException e) {
            throw new SimulatorException(e.getMessage());
        }
    }

    private int simulate(DeviceConfig device, Path db) throws Exception {
        // The fleet link exists before the kiosk, so that its cloud SMS gateway can join the chain.
        Optional<FleetLink> link = device.mqtt().map(mqtt -> FleetLink.create(mqtt, device.box().boxId(),
                Versions.current(), device.source()));
        // Buffered, flushed by ProtocolOut at the end of each command (System.out would write every
        // line on its own: a dozen writes, and as many wake-ups of the driver, for one key command).
        PrintStream stdout = script
                ? new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
                        StandardCharsets.UTF_8)
                : new PrintStream(OutputStream.nullOutputStream());
        ProtocolOut out = new ProtocolOut(stdout);
        // A real gateway (the modem) sends for real; only the simulated one prints SMS lines.
        SmsGateways gateways = new SmsGateways(device, link);
        Simulator.Options options = new Simulator.Options(device.box(), db, Optional.ofNullable(importFile),
                now != null ? now : Instant.now(), () -> ConfigLocation.shipped("demo-data.json"),
                gateways::create, () -> gateways.modemSignal("simulated"),
                HealthChecks.of(new Diagnostics(new HostFacts(), List.of()), device, db), new SecureRandom(),
                Versions.current());
        try (gateways; SimulatedBox sim = Simulator.start(options, out)) {
            // Every latch is held now (Simulator.start): the modem's port may open.
            gateways.start();
            ScriptProtocol protocol = new ScriptProtocol(sim, out);
            out.line(sim.readyLine());
            sim.begin();
            out.flush();
            link.ifPresent(l -> l.start(FleetPorts.of(sim.kiosk().data(), sim.kiosk().grants(), sim.kiosk().clock(),
                    between(sim))));
            try {
                if (script) {
                    protocol.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
                } else {
                    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                        new InteractiveConsole(sim, protocol, out, terminal, () -> link.map(SimulateCommand::linkState))
                                .run();
                    }
                }
            } finally {
                // Documents stay with the broker from here on; the kiosk closes (its STOPPED event goes to the
                // outbox), then the link sends what it can.
                link.ifPresent(FleetLink::stopIntake);
                sim.close();
                link.ifPresent(FleetLink::close);
            }
        } finally {
            link.ifPresent(FleetLink::close);
            out.flush();
        }
        return 0;
    }

    /** The title's MQTT word: the link reconnects by itself, so "offline" also means "retrying". */
    private static String linkState(FleetLink link) {
        return link.connected() ? "connected" : "offline";
    }

    /** Work from the fleet link runs on the simulator's driving thread, between two commands. */
    private static KioskAccess between(SimulatedBox sim) {
        return new KioskAccess() {
            @Override
            public <T> CompletableFuture<T> call(Supplier<T> work) {
                return sim.later(work);
            }
        };
    }
}
