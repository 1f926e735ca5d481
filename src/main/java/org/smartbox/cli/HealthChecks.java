package org.smartbox.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.smartbox.cache.HealthCheck;
import org.smartbox.config.DeviceConfig;
import org.smartbox.diag.CheckResult;
import org.smartbox.diag.Diagnostics;
import org.smartbox.store.Database;

/** The diagnostics a running kiosk shows in its service menu, as the menu's records. */
final class HealthChecks {

    private HealthChecks() {
    }

    static Function<Instant, List<HealthCheck>> of(Diagnostics diagnostics, DeviceConfig device, Path db) {
        return now -> diagnostics.run(device, device.source(), db, Database.SCHEMA_VERSION, now).stream()
                .map(HealthChecks::record).toList();
    }

    static HealthCheck record(CheckResult result) {
        return new HealthCheck(result.name(), result.status().word(), result.value(), result.hint());
    }
}
