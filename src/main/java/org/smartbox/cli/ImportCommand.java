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
        header = "Apply a sync document (snapshot or delta) to the box's cache.",
        description = {"The document is applied whole or not at all (docs/sync-format.md). Prints 'applied version"
                + " N' (exit 0; warnings, such as a mobile number two users share, on stderr), or the first problem"
                + " with its JSON path (exit 1). With --reset a snapshot of any version replaces the cache whole,"
                + " for when the cloud starts over (docs/sync-format.md, \"Going back\")."},
        footerHeading = "%nExamples:%n",
        footer = {"  sudo -u smartbox smartbox import --config /etc/smartbox/smartbox.properties snapshot.json",
                "  sudo -u smartbox smartbox import --reset --config /etc/smartbox/smartbox.properties restored.json"})
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
                applied.warnings().forEach(warning -> err.println("smartbox: warning: " + warning.message()));
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
