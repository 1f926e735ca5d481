package org.smartbox.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.BoxSecret;
import org.smartbox.diag.CheckResult.Status;
import org.smartbox.store.AuditFiles;
import org.smartbox.store.AuditLog;
import org.smartbox.store.Database;

/** Each check with a healthy and a broken fixture, and the JSON shape fleet tools rely on. */
class ChecksTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;

    private final FakeSystem system = new FakeSystem();

    private Path healthyDatabase() {
        Path file = dir.resolve("box.db");
        try (Database db = Database.open(file)) {
            db.execute("INSERT INTO meta (name, value) VALUES ('cache_version', '7'), ('last_sync', '"
                    + NOW.minusSeconds(600) + "')");
            AuditLog log = AuditFiles.keyed(db);
            for (int i = 0; i < 3; i++) {
                log.append(AuditEvent.of(AuditType.STARTED), NOW);
            }
        }
        return file;
    }

    private static CheckResult named(List<CheckResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void healthyDatabasePassesEveryDataCheck() {
        Path file = healthyDatabase();
        List<CheckResult> results = DataChecks.database(file, AuditFiles.secretBeside(file), 1, NOW);
        assertEquals(List.of(Status.OK, Status.OK, Status.OK, Status.OK),
                results.stream().map(CheckResult::status).toList(), results.toString());
        assertTrue(named(results, "cache").value().startsWith("version 7, synced 10 min ago"));
        assertEquals("3 entries verified, keyed and anchored", named(results, "audit chain").value());
    }

    @Test
    void corruptDatabaseFails() throws Exception {
        Path file = healthyDatabase();
        Files.write(file, "definitely not sqlite".repeat(500).getBytes());
        CheckResult database = named(DataChecks.database(file, AuditFiles.secretBeside(file), 1, NOW), "database");
        assertEquals(Status.FAIL, database.status());
        assertTrue(database.value().contains("not a SQLite database or is corrupt"), database.value());
    }

    @Test
    void missingDatabaseFails() {
        assertEquals(Status.FAIL, named(DataChecks.database(dir.resolve("none.db"), AuditFiles.secretBeside(dir.resolve("none.db")), 1, NOW), "database").status());
    }

    @Test
    void tamperedAuditChainFailsNamingTheEntry() {
        Path file = healthyDatabase();
        try (Database db = Database.open(file)) {
            db.execute("DROP TRIGGER audit_no_update");
            db.execute("UPDATE audit SET at = '2020-01-01T00:00:00Z' WHERE seq = 1");
        }
        CheckResult chain = named(DataChecks.database(file, AuditFiles.secretBeside(file), 1, NOW), "audit chain");
        assertEquals(Status.FAIL, chain.status());
        assertTrue(chain.value().startsWith("broken at entry 1"), chain.value());
    }

    @Test
    void staleCacheAndBigBacklogWarn() {
        Path file = healthyDatabase();
        List<CheckResult> results = DataChecks.database(file, AuditFiles.secretBeside(file), 1, NOW.plusSeconds(3 * 86_400));
        assertEquals(Status.WARN, named(results, "cache").status());
        try (Database db = Database.open(file)) {
            AuditLog log = AuditFiles.keyed(db);
            for (int i = 0; i < DataChecks.BACKLOG_WARN + 1; i++) {
                log.append(AuditEvent.of(AuditType.DIAG), NOW);
            }
        }
        assertEquals(Status.WARN, named(DataChecks.database(file, AuditFiles.secretBeside(file), 1, NOW), "outbox").status());
    }

    @Test
    void secretWithOwnerOnlyModeIsOkAndReadableByOthersFails() throws Exception {
        Path secret = dir.resolve("box.secret");
        BoxSecret.loadOrCreate(secret, new SecureRandom());
        assertEquals(Status.OK, DataChecks.secret(secret).status());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        CheckResult open = DataChecks.secret(secret);
        assertEquals(Status.FAIL, open.status());
        assertTrue(open.hint().contains("chmod 600"));
        Files.writeString(secret, "not hex at all");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Status.FAIL, DataChecks.secret(secret).status());
    }

    @Test
    void aFleetPasswordFileEveryUserMayReadFails() throws Exception {
        Path user = Files.writeString(dir.resolve("mqtt.user"), "box\n");
        Path password = Files.writeString(dir.resolve("mqtt.pass"), "secret\n");
        org.smartbox.config.MqttConfig mqtt = org.smartbox.config.DeviceConfig.from(org.smartbox.config.ConfigFile.parse(
                "box.properties", new java.io.ByteArrayInputStream(("box.id=SB-7\nsms.gateways=sim\n"
                        + "mqtt.broker=ssl://fleet.example.com\nmqtt.usernameFile=" + user + "\nmqtt.passwordFile="
                        + password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)))).mqtt().orElseThrow();
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        CheckResult open = FleetCredentialsCheck.of(mqtt);
        assertEquals(CheckResult.Status.FAIL, open.status());
        assertTrue(open.value().contains("mqtt.passwordFile " + password + " mode 0644"), open.value());
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(CheckResult.Status.OK, FleetCredentialsCheck.of(mqtt).status());
    }

    @Test
    void diskSpaceThresholds() {
        system.free = 5L * 1024 * 1024 * 1024;
        assertEquals(Status.OK, DataChecks.disk(dir, system).status());
        system.free = 100L * 1024 * 1024;
        assertEquals(Status.WARN, DataChecks.disk(dir, system).status());
        system.free = 5L * 1024 * 1024;
        assertEquals(Status.FAIL, DataChecks.disk(dir, system).status());
    }

    @Test
    void clockSynchronizedOrNot() {
        system.commands.put("timedatectl show -p NTPSynchronized --value", "yes");
        assertEquals(Status.OK, HostChecks.clock(system).status());
        system.commands.put("timedatectl show -p NTPSynchronized --value", "no");
        assertEquals(Status.WARN, HostChecks.clock(system).status());
    }

    /** Issue 13 item 5: a wall clock behind the newest time the box recorded fails the clock check, even NTP-synced. */
    @Test
    void aClockBehindTheTimeFloorFailsUntilItCatchesUp() {
        Path file = healthyDatabase();
        system.commands.put("timedatectl show -p NTPSynchronized --value", "yes");
        CheckResult behind = HostChecks.clock(system, DataChecks.timeFloor(file), NOW.minusSeconds(3600));
        assertEquals(Status.FAIL, behind.status());
        assertTrue(behind.value().contains("behind the newest time the box recorded (" + NOW + ") by 3600 s"),
                behind.value());
        assertEquals(Status.OK, HostChecks.clock(system, DataChecks.timeFloor(file), NOW.plusSeconds(1)).status());
        List<CheckResult> all = new Diagnostics(system, List.of()).run(org.smartbox.config.DeviceConfig.from(
                org.smartbox.config.ConfigFile.parse("t.properties", new java.io.ByteArrayInputStream(
                        "box.id=SB-T\nbox.slots=12\nsms.gateways=sim\n".getBytes()))), "t.properties", file, 1,
                NOW.minusSeconds(3600));
        assertEquals(Status.FAIL, named(all, "clock").status(), all.toString());
    }

    @Test
    void cpuTemperatureAndThrottling() {
        system.files.put("/sys/class/thermal/thermal_zone0/temp", "48312");
        system.commands.put("vcgencmd get_throttled", "throttled=0x0");
        CheckResult cool = HostChecks.cpu(system);
        assertEquals(Status.OK, cool.status());
        assertEquals("48.3 C, throttled=0x0", cool.value());
        system.commands.put("vcgencmd get_throttled", "throttled=0x50005");
        assertEquals(Status.WARN, HostChecks.cpu(system).status());
        system.files.put("/sys/class/thermal/thermal_zone0/temp", "86000");
        assertEquals(Status.FAIL, HostChecks.cpu(system).status());
    }

    @Test
    void serviceRunningOrStopped() {
        system.commands.put("systemctl show smartbox --property=ActiveState --property=ActiveEnterTimestamp",
                "ActiveState=active\nActiveEnterTimestamp=Sat 2026-11-28 11:00:00 UTC");
        CheckResult running = HostChecks.service(system);
        assertEquals(Status.OK, running.status());
        assertEquals("active since Sat 2026-11-28 11:00:00 UTC", running.value());
        system.commands.put("systemctl show smartbox --property=ActiveState --property=ActiveEnterTimestamp",
                "ActiveState=failed\nActiveEnterTimestamp=");
        assertEquals(Status.WARN, HostChecks.service(system).status());
    }

    @Test
    void jsonHasTheDocumentedShapeFieldByField() throws Exception {
        DiagReport report = new DiagReport("SB-DEMO", "1.2.3", NOW, List.of(CheckResult.ok("database", "fine"),
                CheckResult.warn("clock", "not synchronized", "check NTP")));
        JsonNode json = new ObjectMapper().readTree(report.json());
        assertEquals(List.of("box", "software", "at", "status", "summary", "checks"),
                iterable(json.fieldNames()));
        assertEquals("SB-DEMO", json.get("box").asText());
        assertEquals("1.2.3", json.get("software").asText());
        assertEquals("2026-11-28T12:00:00Z", json.get("at").asText());
        assertEquals("warn", json.get("status").asText());
        assertEquals("2 checks: 1 ok, 1 warn, 0 fail", json.get("summary").asText());
        JsonNode clock = json.get("checks").get(1);
        assertEquals(List.of("name", "status", "value", "hint"), iterable(clock.fieldNames()));
        assertEquals("clock", clock.get("name").asText());
        assertEquals("warn", clock.get("status").asText());
        assertEquals("not synchronized", clock.get("value").asText());
        assertEquals("check NTP", clock.get("hint").asText());
        assertEquals(0, report.exitCode(), "warnings alone exit 0");
        DiagReport failed = new DiagReport("SB-DEMO", "1.2.3", NOW, List.of(CheckResult.fail("disk", "0 MB", "")));
        assertEquals(1, failed.exitCode());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
