package org.smartbox.cli;

import com.pi4j.context.Context;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.smartbox.config.ConfigException;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import org.smartbox.diag.Check;
import org.smartbox.diag.CheckResult;
import org.smartbox.diag.DiagReport;
import org.smartbox.diag.Diagnostics;
import org.smartbox.diag.HardwareChecks;
import org.smartbox.diag.HostFacts;
import org.smartbox.diag.ModemCheck;
import org.smartbox.hardware.pi4j.Pi4jContexts;
import org.smartbox.modem.JsscModemPort;
import org.smartbox.modem.ModemGateway;
import org.smartbox.store.Database;
import org.smartbox.store.ServiceLock;
import org.smartbox.store.StoreException;
import org.smartbox.store.StoreFacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox diag}: every check of a box, for a technician over SSH or a fleet tool. */
@Command(name = "diag", mixinStandardHelpOptions = true,
        header = "Check every part of the box and print a report.",
        description = {"Checks the config, GPIO lines, key sensors, display, keypad, modem, database, audit chain,"
                + " box secret, disk, clock, CPU and service. Each check prints ok, warn or fail, the value it"
                + " measured and a hint. Exit 0 when nothing failed (warnings alone too), 1 otherwise.",
                "The default config is /etc/smartbox/smartbox.properties when it exists, else the simulator's."
                + " Run it as the service user: its files are readable by that user only."},
        footerHeading = "%nExamples:%n",
        footer = {"  sudo -u smartbox smartbox diag",
                "  sudo -u smartbox smartbox diag --json"})
final class DiagCommand implements Callable<Integer> {

    private static final Path BOX_CONFIG = ConfigCommand.BOX_CONFIG;

    @Mixin
    BoxOptions box;

    @Option(names = "--json", description = "One JSON document instead of the table.")
    boolean json;

    @Option(names = "--test-latch", paramLabel = "SLOT",
            description = "Release this slot's latch for one second and report its sensor before and after.")
    Integer testLatch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = Instant.now();
        DeviceConfig device;
        Path configFile = box.config != null ? box.config : BOX_CONFIG;
        if (denied(configFile)) {
            return withoutAccess(out, configFile + ": " + ConfigFile.PERMISSION_DENIED, now);
        }
        try {
            device = box.config == null && Files.isRegularFile(BOX_CONFIG)
                    ? ConfigLocation.load(BOX_CONFIG, "smartbox.properties") : box.load("simulator.properties");
        } catch (ConfigException e) {
            DiagReport broken = new DiagReport("?", Versions.current(), now,
                    new Diagnostics(new HostFacts(), List.of()).runWithoutConfig(e.getMessage()));
            print(out, broken);
            return broken.exitCode();
        }
        Path db = box.dbFile(device);
        for (Path file : List.of(db, device.box().secretPath(db))) {
            if (denied(file)) {
                return withoutAccess(out, file + ": " + ConfigFile.PERMISSION_DENIED, now);
            }
        }
        if (testLatch != null) {
            return testLatch(device, db, out, err);
        }
        List<CheckResult> hardware = new ArrayList<>(hardwareChecks(device, db));
        modemCheck(device, db).ifPresent(hardware::add);
        List<Check> fixed = new ArrayList<>();
        hardware.forEach(result -> fixed.add(() -> result));
        DiagReport report = new DiagReport(device.box().boxId(), Versions.current(), now,
                new Diagnostics(new HostFacts(), fixed).run(device, device.source(), db, Database.SCHEMA_VERSION, now));
        print(out, report);
        return report.exitCode();
    }

    private int withoutAccess(PrintWriter out, String problem, Instant now) {
        DiagReport report = new DiagReport("?", Versions.current(), now,
                new Diagnostics(new HostFacts(), List.of()).runWithoutAccess(problem));
        print(out, report);
        return report.exitCode();
    }

    /**
     * True when this user cannot read {@code file} for lack of permission: a folder on the way that
     * cannot be entered, or the file itself unreadable. (Root passes every such check.)
     */
    static boolean denied(Path file) {
        Path path = file.toAbsolutePath();
        for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir) && !Files.isExecutable(dir)) {
                return true;
            }
        }
        return Files.exists(path) && !Files.isReadable(path);
    }

    private void print(PrintWriter out, DiagReport report) {
        out.print(json ? report.json() + "\n" : report.table());
        out.flush();
    }

    /** The parts' checks: only when the kiosk service is not running, since it owns the lines then. */
    private static List<CheckResult> hardwareChecks(DeviceConfig device, Path db) {
        Optional<HardwareConfig> hw = device.hardware();
        if (hw.isEmpty()) {
            return List.of();
        }
        try (Claim claim = Claim.take(db)) {
            if (claim.lock.isEmpty()) {
                return List.of(CheckResult.warn("hardware", "in use by the running smartbox service: "
                        + ServiceLock.holder(db), "its service menu (6 Checks) checks the parts live; or stop the"
                        + " service first"));
            }
            Context pi4j = Pi4jContexts.create(hw.get().platform());
            try {
                return HardwareChecks.run(pi4j, hw.get(), device.box().slots(), believed(db));
            } finally {
                pi4j.shutdown();
            }
        } catch (RuntimeException e) {
            return List.of(CheckResult.fail("hardware", e.getMessage(), "check the Pi's GPIO and I2C setup"));
        }
    }

    /** The modem, asked directly when the service is stopped (it owns the serial port otherwise). */
    private static Optional<CheckResult> modemCheck(DeviceConfig device, Path db) {
        if (device.modem().isEmpty()) {
            return Optional.empty();
        }
        try (Claim claim = Claim.take(db)) {
            if (claim.lock.isEmpty()) {
                return Optional.of(CheckResult.warn("modem", "in use by the running smartbox service",
                        "its service menu (3 Status) shows the signal; or stop the service first"));
            }
            ModemGateway modem = new ModemGateway(new JsscModemPort(device.modem().get().port(),
                    device.modem().get().baud()), ModemGateway.Settings.of(device.modem().get()), System::nanoTime,
                    java.time.Clock.systemUTC());
            try {
                return Optional.of(ModemCheck.of(modem.checkHealth()));
            } finally {
                modem.close();
            }
        } catch (RuntimeException e) {
            return Optional.of(CheckResult.fail("modem", e.getMessage(), "check modem.port and the modem's cable"));
        }
    }

    private int testLatch(DeviceConfig device, Path db, PrintWriter out, PrintWriter err) {
        Optional<HardwareConfig> hw = device.hardware();
        if (hw.isEmpty()) {
            err.println("smartbox: --test-latch needs a config with a hardware section (hardware.platform)");
            return Main.USAGE;
        }
        if (testLatch < 1 || testLatch > device.box().slots()) {
            err.println("smartbox: --test-latch: no slot " + testLatch + " (1-" + device.box().slots() + ")");
            return Main.USAGE;
        }
        try (Claim claim = Claim.take(db)) {
            if (claim.lock.isEmpty()) {
                err.println("smartbox: the smartbox service is running and holds the GPIO lines ("
                        + ServiceLock.holder(db) + "); stop it first (systemctl stop smartbox) or use the service"
                        + " menu's latch test");
                return 1;
            }
            Context pi4j = Pi4jContexts.create(hw.get().platform());
            try {
                CheckResult result = HardwareChecks.testLatch(pi4j, hw.get(), device.box().slots(), testLatch,
                        Duration.ofSeconds(1));
                DiagReport report = new DiagReport(device.box().boxId(), Versions.current(), Instant.now(),
                        List.of(result));
                print(out, report);
                return report.exitCode();
            } finally {
                pi4j.shutdown();
            }
        }
    }

    private static Optional<Map<Integer, Boolean>> believed(Path db) {
        if (!Files.isRegularFile(db)) {
            return Optional.empty();
        }
        try (Database database = Database.openExisting(db)) {
            return Optional.of(StoreFacts.read(database).slotBelievedFull());
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    /** The service lock, held while diag drives the parts, so the service cannot start meanwhile. */
    private record Claim(Optional<ServiceLock> lock) implements AutoCloseable {
        static Claim take(Path db) {
            try {
                return new Claim(KioskLock.tryClaim(db, "diag"));
            } catch (IOException e) {
                throw new StoreException(ServiceLock.fileFor(db) + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            lock.ifPresent(l -> {
                try {
                    l.close();
                } catch (IOException e) {
                    // released by the OS when diag exits anyway
                }
            });
        }
    }
}
