package org.smartbox.diag;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.smartbox.config.DeviceConfig;

/** Runs every check that applies to a box's config, in the order a technician reads them. */
public final class Diagnostics {

    private final SystemFacts system;
    private final List<Check> hardware;

    /**
     * @param hardware checks of the parts that exist on this box (GPIO, sensors, display, keypad,
     *                 modem), made by the composition root from the config
     */
    public Diagnostics(SystemFacts system, List<Check> hardware) {
        this.system = system;
        this.hardware = List.copyOf(hardware);
    }

    public List<CheckResult> run(DeviceConfig device, String configSource, Path dbFile, int schema, Instant now) {
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.ok("config", configSource + " valid"));
        for (Check check : hardware) {
            results.add(safely(check));
        }
        results.addAll(DataChecks.database(dbFile, device.box().secretPath(dbFile), schema, now));
        results.add(DataChecks.slots(dbFile, device.box().slots()));
        results.add(CodeStrengthCheck.run(dbFile, device.box()));
        results.add(DataChecks.secret(device.box().secretPath(dbFile), dbFile));
        device.mqtt().ifPresent(mqtt -> results.add(FleetCredentialsCheck.of(mqtt)));
        results.add(DataChecks.disk(dbFile.toAbsolutePath().getParent(), system));
        List<CheckResult> host = new ArrayList<>(hostChecks());
        host.set(0, HostChecks.clock(system, DataChecks.timeFloor(dbFile), now));
        results.addAll(host);
        return results;
    }

    /** What can still be checked when the config itself is broken. */
    public List<CheckResult> runWithoutConfig(String problem) {
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.fail("config", problem, "fix the config: the box will not start with it"));
        results.addAll(hostChecks());
        return results;
    }

    /** What can still be checked when the box's files cannot be read by whoever runs diag. */
    public List<CheckResult> runWithoutAccess(String what) {
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.fail("access", what, "sudo -u smartbox smartbox diag: the config, database and"
                + " box secret are readable by the service user only"));
        results.addAll(hostChecks());
        return results;
    }

    private List<CheckResult> hostChecks() {
        return List.of(HostChecks.clock(system), TimeSourceCheck.run(system), HostChecks.cpu(system),
                HostChecks.service(system));
    }

    private static CheckResult safely(Check check) {
        try {
            return check.run();
        } catch (RuntimeException e) {
            return CheckResult.fail(check.getClass().getSimpleName(), "check crashed: " + e,
                    "report this: a check must not crash");
        }
    }
}
