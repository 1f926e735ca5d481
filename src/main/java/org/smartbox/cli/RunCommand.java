package org.smartbox.cli;

import com.pi4j.context.Context;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.ConfigException;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import org.smartbox.fleet.FleetLink;
import org.smartbox.hardware.FileSmsGateway;
import org.smartbox.hardware.HardwareException;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.hardware.pi4j.Pi4jContexts;
import org.smartbox.store.Database;
import org.smartbox.store.SlotsInUse;
import org.smartbox.store.StoreException;
import org.smartbox.systemd.SdNotify;
import org.smartbox.systemd.ServiceNotifier;
import org.smartbox.systemd.Watchdog;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.smartbox.sim.BenchConsole;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smartbox run}: the kiosk on the box's real parts (or on Pi4J's mock platform for a bench
 * box), as systemd starts it. The whole config is checked before any pin is touched; SIGTERM stops
 * it with every latch held; with {@code $NOTIFY_SOCKET} set it speaks sd_notify.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Run the kiosk on the box's hardware (what the systemd service starts).",
        description = {"Drives the latches, key sensors, keypad and display through Pi4J. The config's"
                + " hardware.platform picks gpiod (a Raspberry Pi) or mock (a bench box on Pi4J's mock platform).",
                "With --console (mock platform only) the terminal shows the LCD as the I2C bytes draw it and takes"
                + " keys, takes and puts, so a bench box can be tried by hand.",
                "Exit status 2: bad config, nothing touched. 1: a part or the database cannot be used."},
        footerHeading = "%nExamples:%n",
        footer = {"  smartbox run --config /etc/smartbox/smartbox.properties",
                "  smartbox run --config device-config/bench.properties --console"})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** How long the SIGTERM hook waits for the loop thread to close the box before it holds the latches itself. */
    private static final long STOP_WAIT_SECONDS = 10;

    @Mixin
    BoxOptions box;

    @Option(names = "--console", description = "Bench boxes (hardware.platform=mock) only: show the LCD as its I2C"
            + " bytes draw it and take keys, takes and puts at this terminal; logs go to a file beside the database.")
    boolean console;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Everything that can be wrong with the config fails here, before a single pin is touched.
        DeviceConfig device = box.load("smartbox.properties");
        HardwareConfig hardware = device.hardware().orElseThrow(() -> new ConfigException(device.source(),
                "hardware.platform", "missing; smartbox run drives real parts: set gpiod (or mock for a bench box)"));
        if (console && hardware.platform() != HardwareConfig.Platform.MOCK) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--console is for bench boxes"
                    + " (hardware.platform=mock); a real box has its own keypad and display");
        }
        // The fleet link exists before the kiosk, so that its cloud SMS gateway can join the chain.
        Optional<FleetLink> link = device.mqtt().map(mqtt -> FleetLink.create(mqtt, device.box().boxId(),
                Versions.current(), device.source()));
        // Every gateway built (a missing section is exit 2) before a single pin is touched.
        SmsGateways gateways = new SmsGateways(device, link);
        gateways.all();
        cacheFitsSlots(device, box.dbFile(device));
        ServiceNotifier notifier = notifier();
        Optional<Duration> watchdog = watchdogInterval();
        PrintWriter err = spec.commandLine().getErr();
        if (console) {
            // The terminal belongs to the console; logs go to a file beside the database.
            Path log = logBeside(box.dbFile(device));
            try {
                System.setErr(new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.println("smartbox: " + log + ": cannot write the log: " + e.getMessage());
                return Main.USAGE;
            }
        }

        Context pi4j;
        try {
            pi4j = Pi4jContexts.create(hardware.platform());
        } catch (HardwareException e) {
            err.println("smartbox: " + e.getMessage());
            return 1;
        }
        RunningBox running;
        try {
            running = RunningBox.start(device, box.dbFile(device), pi4j, gateways, link, notifier,
                    Clock.systemUTC(), Versions.current());
        } catch (RuntimeException e) {
            shutdown(pi4j);
            link.ifPresent(FleetLink::close);
            gateways.close();
            if (e instanceof HardwareException || e instanceof StoreException) {
                err.println("smartbox: " + e.getMessage());
                return 1;
            }
            throw e;
        }
        if (!console) {
            return serve(running, pi4j, notifier, watchdog);
        }
        return serveWithConsole(running, pi4j, notifier, watchdog, device.box().boxId());
    }

    /** The box serves on this thread, the console on another; quitting either stops both. */
    private static int serveWithConsole(RunningBox running, Context pi4j, ServiceNotifier notifier,
                                        Optional<Duration> watchdog, String boxId) {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            running.close();
            shutdown(pi4j);
            throw new HardwareException("no terminal for --console: " + e.getMessage(), e);
        }
        BenchConsole screen = new BenchConsole(running.bench().orElseThrow(), boxId, terminal);
        running.kiosk().data().audit().onAppend(record -> screen.event("AUDIT " + record.event().line()));
        Thread ui = new Thread(() -> {
            try {
                screen.run();
            } catch (IOException | RuntimeException e) {
                LOG.error("bench console: {}", e.toString());
            } finally {
                running.stop();
            }
        }, "bench-console");
        ui.start();
        try {
            return serve(running, pi4j, notifier, watchdog);
        } finally {
            screen.stop();
            try {
                ui.join(2000);
                terminal.close();
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code bench.db} → {@code bench.log} in the same folder. */
    static Path logBeside(Path db) {
        String name = db.getFileName().toString();
        String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        return db.toAbsolutePath().resolveSibling(base + ".log");
    }

    /** Runs the loop on this thread; SIGTERM and fatal errors in other threads end it, every latch held. */
    static int serve(RunningBox running, Context pi4j, ServiceNotifier notifier, Optional<Duration> watchdog) {
        CountDownLatch closedDown = new CountDownLatch(1);
        AtomicBoolean fatal = new AtomicBoolean();
        // The error that ended the box, for its STOPPED entry and its status: its class name only.
        AtomicReference<String> crash = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            notifier.notify("STOPPING=1\nSTATUS=Stopping");
            LOG.info("stopping: holding every latch");
            running.stop();
            try {
                if (!closedDown.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.error("the kiosk loop did not stop in {} s; holding every latch from here", STOP_WAIT_SECONDS);
                    running.holdAllLatches();
                }
            } catch (InterruptedException e) {
                running.holdAllLatches();
            }
        }, "smartbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            LOG.error("thread {} died; every latch held", thread.getName(), error);
            running.holdAllLatches();
            if (error instanceof Error) {
                // The JVM itself is in trouble: stop, so systemd starts a fresh one.
                fatal.set(true);
                crash.compareAndSet(null, error.getClass().getSimpleName() + "/" + thread.getName());
                running.stop();
            }
        });
        Runnable heartbeat = watchdog
                .<Runnable>map(interval -> new Watchdog(notifier, interval, System::nanoTime, running::healthy))
                .orElse(() -> { });
        int status = 0;
        try {
            running.serve(heartbeat);
        } catch (Throwable e) {
            LOG.error("the kiosk loop failed; every latch held", e);
            running.holdAllLatches();
            crash.compareAndSet(null, e.getClass().getSimpleName());
            status = Main.INTERNAL;
        } finally {
            // The loop may have been interrupted to stop it; closing must not trip over that.
            Thread.interrupted();
            try {
                running.close(crash.get());
            } finally {
                shutdown(pi4j);
                closedDown.countDown();
            }
        }
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (SIGTERM): the hook is running and ends by itself.
        }
        if (fatal.get()) {
            status = Main.INTERNAL;
        }
        LOG.info("stopped");
        return status;
    }

    /**
     * A cache with keys in slots {@code box.slots} does not cover would list keys the box can never
     * open: a config error (exit 2), found before any pin is touched.
     */
    private static void cacheFitsSlots(DeviceConfig device, Path db) {
        if (!Files.isRegularFile(db)) {
            return;
        }
        SlotsInUse slots;
        try (Database database = Database.openExisting(db)) {
            slots = SlotsInUse.read(database, device.box().slots());
        } catch (StoreException e) {
            // The start itself says what is wrong with the file, with every latch held.
            return;
        }
        if (!slots.fits()) {
            throw new ConfigException(device.source(), "box.slots", slots.problem().replace("box.slots is ", "")
                    + " (in " + db + "); " + slots.hint());
        }
    }

    /** sd_notify when systemd asked for it ({@code Type=notify} sets {@code $NOTIFY_SOCKET}). */
    private static ServiceNotifier notifier() {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return ServiceNotifier.none();
        }
        try {
            return SdNotify.open(socket);
        } catch (IOException | RuntimeException e) {
            LOG.warn("NOTIFY_SOCKET is set but cannot be used ({}); systemd will not hear from the box",
                    e.getMessage());
            return ServiceNotifier.none();
        }
    }

    /** The watchdog interval systemd gave this process ({@code $WATCHDOG_USEC}, for {@code $WATCHDOG_PID}). */
    private static Optional<Duration> watchdogInterval() {
        String usec = System.getenv("WATCHDOG_USEC");
        if (usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        String pid = System.getenv("WATCHDOG_PID");
        if (pid != null && !pid.isBlank() && !pid.strip().equals(Long.toString(ProcessHandle.current().pid()))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("WATCHDOG_USEC is not a number: {}", usec);
            return Optional.empty();
        }
    }

    private static void shutdown(Context pi4j) {
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Pi4J shutdown: {}", e.getMessage());
        }
    }
}
