package org.smartbox.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.smartbox.config.DeviceConfig;
import org.smartbox.kiosk.SyncService;
import org.smartbox.sim.SimBoxes;
import org.smartbox.sim.SimulatedBox;

/**
 * The process {@link KillNineTest} kills: a simulated box (started as {@code smartbox simulate}
 * starts one) on the given database, driven as fast as it goes through pickups, returns, imports,
 * service-menu audit writes, failed identifications and time passing, until it is killed. Every
 * protocol line goes straight to stdout with one write, so the parent sees exactly what happened
 * before the kill; {@code # op ...} lines say what it was doing. Usage: {@code DB START SEED}.
 */
public final class CrashChild {

    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashChild() {
    }

    static synchronized void emit(String line) {
        try {
            OUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.exit(4);
        }
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Instant start = Instant.parse(args[1]);
        long seed = Long.parseLong(args[2]);
        Random r = new Random(seed);
        DeviceConfig config = SimBoxes.config("");
        SafetyOracle oracle = new SafetyOracle(db, config.box().latchMaxReleased());
        ProofBox box = ProofBox.start(db, config, start, line -> {
            emit(line);
            oracle.line(line);
        });
        oracle.attach(box);
        Visitor visitor = new Visitor(oracle);
        SimulatedBox sim = box.box();
        List<Integer> everyone = new ArrayList<>();
        for (int i = 0; i < Visitor.ENTRIES.length; i++) {
            everyone.add(i);
        }
        JsonNode demo = DemoModel.JSON.readTree(ProofBox.DEMO_DATA);
        emit("READY");
        int imports = 0;
        // Ids carry no long digit runs: the oracle would take them for a code or a mobile number.
        String run = Long.toHexString(seed).chars().mapToObj(c -> String.valueOf((char) (c <= '9' ? 'g' + c - '0' : c)))
                .reduce("", String::concat);
        try {
            while (true) {
                int op = r.nextInt(100);
                if (op < 35) {
                    emit("# op visit");
                    visitor.visit(sim, r.nextInt(1000), everyone);
                } else if (op < 50) {
                    // A person who takes a moment at the open slot: kills land while it is released.
                    emit("# op slow visit");
                    int choice = r.nextInt(1000);
                    for (int i = 0; i < 8; i++) {
                        if (Visitor.screen(sim) instanceof org.smartbox.pickup.Screen.Releasing) {
                            Thread.sleep(1 + r.nextInt(40));
                        }
                        visitor.proceed(sim, choice + 7 * i, everyone);
                        if (Visitor.screen(sim) instanceof org.smartbox.pickup.Screen.Home) {
                            break;
                        }
                    }
                } else if (op < 62) {
                    emit("# op import");
                    importDelta(sim, db, demo, r, run + "-" + (++imports));
                } else if (op < 72) {
                    emit("# op audit");
                    sim.press("**808080#");
                    sim.press("2*3*6*0");
                } else if (op < 80) {
                    emit("# op identify-failed");
                    sim.press("**5559" + String.format("%06d", r.nextInt(1_000_000)) + "#");
                } else if (op < 90) {
                    emit("# op advance");
                    if (sim.clock().now().wall().isBefore(start.plusSeconds(20 * 3600))) {
                        sim.advance(1000L * (1 + r.nextInt(70)));
                    }
                } else if (op < 94) {
                    emit("# op tamper");
                    int slot = 1 + r.nextInt(12);
                    if (r.nextBoolean()) {
                        sim.take(slot);
                    } else {
                        sim.put(slot);
                    }
                } else {
                    emit("# op step");
                    visitor.proceed(sim, r.nextInt(1000), everyone);
                }
            }
        } catch (Throwable t) {
            emit("# FAIL " + t);
            System.exit(3);
        }
    }

    /** A delta from the cloud: lend a key (fresh access id), or flip one 2FA setting of a demo user. */
    private static void importDelta(SimulatedBox sim, Path db, JsonNode demo, Random r, String id) throws IOException {
        long version = sim.kiosk().data().store().state().cacheVersion();
        ObjectNode delta = DemoModel.JSON.createObjectNode().put("schema", 1).put("type", "delta")
                .put("boxId", "SB-DEMO").put("version", version + 1).put("baseVersion", version);
        ObjectNode upsert = delta.putObject("upsert");
        if (r.nextBoolean()) {
            String[] guests = {"u-gus", "u-gina", "u-noel", "u-max", "u-nina"};
            String[] keys = {"k-1a", "k-2b", "k-4b", "k-garage", "k-5c", "k-6d", "k-7e", "k-office", "k-9f"};
            Instant now = sim.clock().now().wall();
            ObjectNode access = upsert.putArray("accesses").addObject().put("id", "c" + id)
                    .put("keyId", keys[r.nextInt(keys.length)]).put("userId", guests[r.nextInt(guests.length)])
                    .put("validFrom", now.minusSeconds(3600).toString()).put("validUntil", now.plusSeconds(7200).toString());
            if (r.nextBoolean()) {
                access.put("maxPickups", 1 + r.nextInt(3));
            }
        } else {
            JsonNode user = demo.get("users").get(r.nextInt(demo.get("users").size()));
            ObjectNode copy = user.deepCopy();
            ObjectNode security = copy.putObject("security");
            // The box's own copy of the settings (only they ever change here), one of them flipped.
            sim.kiosk().data().database().read(() -> {
                var q = sim.kiosk().data().database().prepare(
                        "SELECT login2fa, key_pickups2fa, guest_pickups2fa FROM users WHERE id = ?");
                q.setString(1, user.get("id").asText());
                try (ResultSet rs = q.executeQuery()) {
                    int flip = r.nextInt(3);
                    for (int i = 0; i < 3; i++) {
                        boolean on = rs.getInt(i + 1) != 0;
                        security.put(DemoModel.SETTINGS.get(i), i == flip ? !on : on);
                    }
                }
                return null;
            });
            upsert.putArray("users").add(copy);
        }
        Path file = db.resolveSibling("delta-" + id + ".json");
        Files.writeString(file, delta.toString());
        SyncService.Outcome outcome = sim.apply(file);
        Files.deleteIfExists(file);
        if (!(outcome instanceof SyncService.Outcome.Applied)) {
            throw new IllegalStateException("delta refused: " + outcome);
        }
    }
}
