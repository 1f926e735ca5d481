package org.smartbox.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.smartbox.config.ConfigException;
import org.smartbox.config.DeviceConfig;
import org.smartbox.diag.CheckResult;
import org.smartbox.diag.DiagReport;
import org.smartbox.diag.Diagnostics;
import org.smartbox.diag.HostFacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox diag}: every check of a box, for a technician over SSH or a fleet tool. */
@Command(name = "diag", mixinStandardHelpOptions = true,
        description = {"Check the box: config, database, audit chain, secret, disk, clock, CPU, service.",
                "Each check: ok / warn / fail, a measured value and a hint. Exit 0 when nothing failed, 1 otherwise."})
final class DiagCommand implements Callable<Integer> {

    @Mixin
    BoxOptions box;

    @Option(names = "--json", description = "One JSON document instead of the table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HostFacts host = new HostFacts();
        Diagnostics diagnostics = new Diagnostics(host, List.of());
        Instant now = Instant.now();
        DiagReport report;
        try {
            DeviceConfig device = box.load("simulator.properties");
            Path db = box.dbFile(device);
            List<CheckResult> results = diagnostics.run(device, device.source(), db,
                    org.smartbox.store.Database.SCHEMA_VERSION, now);
            report = new DiagReport(device.box().boxId(), Versions.current(), now, results);
        } catch (ConfigException e) {
            report = new DiagReport("?", Versions.current(), now, diagnostics.runWithoutConfig(e.getMessage()));
        }
        out.print(json ? report.json() + "\n" : report.table());
        out.flush();
        return report.exitCode();
    }
}
