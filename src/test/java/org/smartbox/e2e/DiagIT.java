package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.store.ServiceLock;

/** {@code smartbox diag} as a technician runs it on a bench box (Pi4J mock platform). */
class DiagIT {

    @TempDir
    Path dir;

    private JarRun.Result diag(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("diag", "--config",
                SimProcess.projectDir().resolve("device-config/bench.properties").toString(),
                "--db", dir.resolve("box.db").toString()));
        command.addAll(List.of(args));
        return JarRun.run(dir, "", command.toArray(String[]::new));
    }

    @Test
    void jsonReportNamesEveryCheckAndFailsWithoutADatabase() throws Exception {
        JarRun.Result r = diag("--json");
        assertEquals(1, r.status(), "a missing database is a failure: " + r.out() + r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("SB-BENCH", json.get("box").asText());
        assertEquals("fail", json.get("status").asText());
        List<String> names = new ArrayList<>();
        json.get("checks").forEach(c -> names.add(c.get("name").asText()));
        assertTrue(names.containsAll(List.of("config", "gpio", "sensors", "display", "keypad", "database",
                "box secret", "disk", "clock", "cpu", "service")), names.toString());
        JsonNode database = json.get("checks").get(names.indexOf("database"));
        assertEquals("fail", database.get("status").asText());
        assertTrue(database.get("hint").asText().length() > 10, "a failure comes with a hint");
    }

    @Test
    void testLatchIsRefusedWhileTheServiceHoldsTheBox() throws Exception {
        Optional<ServiceLock> service = ServiceLock.tryAcquire(dir.resolve("box.db"));
        assertTrue(service.isPresent());
        try (ServiceLock held = service.get()) {
            JarRun.Result r = diag("--test-latch", "3");
            assertEquals(1, r.status());
            assertTrue(r.err().contains("the smartbox service is running and holds the GPIO lines"), r.err());
            JarRun.Result report = diag();
            assertTrue(report.out().contains("in use by the running smartbox service"), report.out());
        }
        JarRun.Result free = diag("--test-latch", "3");
        assertEquals(0, free.status(), free.out() + free.err());
        assertTrue(free.out().contains("released 1000 ms; sensor before: key, after: key"), free.out());
    }
}
