package org.smartbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.smartbox.config.DeviceConfig;
import org.smartbox.kiosk.BoxData;
import org.smartbox.kiosk.SyncService;
import org.smartbox.kiosk.SystemKioskClock;
import org.smartbox.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox import FILE}: applies a sync document from the shell. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Apply a sync document (snapshot or delta) to the box's cache, whole or not at all.",
                "Prints 'applied version N' (exit 0), or the first problem with its JSON path (exit 1).",
                "--reset: a snapshot of any version replaces the cache whole (when the cloud starts over)."})
final class ImportCommand implements Callable<Integer> {

    @Mixin
    BoxOptions box;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sync document (JSON).")
    Path file;

    @Option(names = "--reset", description = {"Start the cache over from this snapshot, whatever its version",
            "(the cloud restored an older database): audited SYNC_APPLIED ... reset=true."})
    boolean reset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DeviceConfig device = box.load("simulator.properties");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (InputStream in = Files.newInputStream(file);
             BoxData data = BoxData.open(device.box(), box.dbFile(device), new SystemKioskClock(Clock.systemUTC()),
                     new SecureRandom())) {
            SyncService.Outcome outcome = reset ? data.sync().reset(in) : data.sync().apply(in);
            if (outcome instanceof SyncService.Outcome.Applied applied) {
                out.println("applied version " + applied.version() + (reset ? " (the cache was started over)" : ""));
                return 0;
            }
            SyncService.Outcome.Rejected rejected = (SyncService.Outcome.Rejected) outcome;
            err.println("smartbox: " + file + ": " + rejected.rejection().message());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("smartbox: " + file + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("smartbox: " + file + ": cannot read: " + e.getMessage());
            return 1;
        } catch (StoreException e) {
            err.println("smartbox: " + e.getMessage());
            return 1;
        }
    }
}
