package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.DeviceConfig;
import org.smartbox.sim.SimBoxes;
import org.smartbox.store.AuditLog;
import org.smartbox.store.Database;

/**
 * SPEC §9 and the store's promise (WAL, {@code synchronous=FULL}): a pickup whose commit returned
 * survives a power cut. One thread runs pickups and returns on a box in a real folder; another
 * copies {@code box.db} and {@code box.db-wal} at random moments, as a cut would freeze them (the
 * {@code -shm} index is rebuilt from the WAL on open). Half the copies are also torn: the WAL cut
 * short, or its tail overwritten with garbage, past the point the last counted commit had reached,
 * as a half-written sector would leave it. Every copy must open with {@code integrity_check} ok, an
 * intact audit chain, and every pickup committed before the copy started, in order, each access
 * counted as often as it has PICKUP entries.
 *
 * <p>A file copy cannot lose what the disk cache holds, so what the fsync of {@code synchronous=FULL}
 * adds is shown by asserting the setting on the box's own connection; what the copies show is that
 * each pickup is one atomic commit (key state, access count, audit entry and its chain together)
 * and that the WAL brings a database back to its last whole commit from any cut.
 *
 * <p>Copying two files one after the other is not a single instant: a checkpoint between the two
 * copies (which moves pages into {@code box.db} and restarts the WAL) would mix two moments that no
 * power cut can produce. A read transaction held on another connection while copying stops the WAL
 * from restarting, so every copy is a state the disk really passed through.
 */
class PowerCutTest {

    @TempDir
    Path dir;

    @Test
    void aCommittedPickupSurvivesAPowerCut() throws Exception {
        // Rounds of 100 copies, each on a fresh box: a database that grows for ever would make every
        // copy slower to check than the one before.
        int rounds = Nightly.pick(1, 10);
        long seed = Nightly.seed();
        int copies = 0;
        int torn = 0;
        long maxCommitted = 0;
        for (int round = 0; round < rounds; round++) {
            Path folder = dir.resolve("round-" + round);
            Files.createDirectories(folder);
            long[] result = round(folder, seed + round, 100);
            copies += (int) result[0];
            torn += (int) result[1];
            maxCommitted = Math.max(maxCommitted, result[2]);
        }
        assertTrue(maxCommitted > 10, "the load was too light to prove anything: " + maxCommitted + " pickups");
        System.out.printf("power cut: %d copies checked (%d torn), up to %d pickups committed before a cut (seed %d)%n",
                copies, torn, maxCommitted, seed);
    }

    /** One box under load and {@code copies} cuts of it: copies checked, torn, most pickups before a cut. */
    private static long[] round(Path dir, long seed, int copies) throws Exception {
        Random random = new Random(seed);
        Path db = dir.resolve("box.db");
        Path wal = dir.resolve("box.db-wal");
        DeviceConfig config = SimBoxes.config("");
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        SafetyOracle oracle = new SafetyOracle(db, config.box().latchMaxReleased());
        ProofBox box = ProofBox.start(db, config, SimBoxes.NOW, line -> {
            oracle.line(line);
            if (line.startsWith("AUDIT PICKUP ")) {
                committed.add(line.substring(6));
            }
        });
        oracle.attach(box);
        Database live = box.box().kiosk().data().database();
        assertEquals("2", pragma(live, "synchronous"), "synchronous=FULL on the box's connection");
        assertEquals("wal", pragma(live, "journal_mode"));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Visitor visitor = new Visitor(oracle);
        // People who need no code (Nina, Olivia) and some who do (Gus, Gina, Max).
        List<Integer> cast = List.of(4, 0, 6, 7, 2);
        Thread writer = new Thread(() -> {
            Random r = new Random(seed + 1);
            try {
                while (!stop.get()) {
                    visitor.visit(box.box(), r.nextInt(1000), cast);
                    if (r.nextInt(20) == 0) {
                        box.box().advance(16 * 60_000L);
                    }
                }
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        }, "pickups");
        writer.start();

        int torn = 0;
        long maxCommitted = 0;
        int done = 0;
        try (ScratchDir copiesDir = ScratchDir.create()) {
            for (int i = 0; i < copies && writerFailed.get() == null; i++) {
                Thread.sleep(random.nextInt(12));
                Path copy = copiesDir.resolve("copy-" + i);
                Files.createDirectories(copy);
                List<String> before;
                long walReached;
                try (Connection guard = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
                    guard.setAutoCommit(false);
                    try (Statement st = guard.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit")) {
                        rs.next();
                    }
                    synchronized (committed) {
                        before = List.copyOf(committed);
                    }
                    walReached = Files.exists(wal) ? Files.size(wal) : 0;
                    Files.copy(db, copy.resolve("box.db"), StandardCopyOption.REPLACE_EXISTING);
                    // The keyed chain is checked with the box's secret, which a backup copies beside it.
                    Files.copy(org.smartbox.store.AuditFiles.secretBeside(db), copy.resolve("box.secret"),
                            StandardCopyOption.REPLACE_EXISTING);
                    if (Files.exists(wal)) {
                        Files.copy(wal, copy.resolve("box.db-wal"), StandardCopyOption.REPLACE_EXISTING);
                    }
                    guard.rollback();
                }
                if (random.nextBoolean() && Files.exists(copy.resolve("box.db-wal"))) {
                    tear(copy.resolve("box.db-wal"), walReached, random);
                    torn++;
                }
                try (Database opened = Database.open(copy.resolve("box.db"))) {
                    assertEquals("ok", opened.integrityCheck(), "seed " + seed + ", copy " + i);
                    AuditLog log = AuditLog.withSecretFile(opened, org.smartbox.store.AuditFiles.secretBeside(db));
                    AuditLog.Verification chain = log.verify();
                    assertTrue(chain.intact(), "seed " + seed + ", copy " + i + ": " + chain.problem());
                    List<String> pickups = log.list(0, Integer.MAX_VALUE).stream()
                            .filter(rec -> rec.event().type() == org.smartbox.audit.AuditType.PICKUP)
                            .map(rec -> rec.event().line()).toList();
                    assertTrue(pickups.size() >= before.size() && pickups.subList(0, before.size()).equals(before),
                            "seed " + seed + ", copy " + i + ": " + before.size() + " pickups committed before the cut, "
                                    + pickups.size() + " in the copy");
                }
                SafetyOracle.checkFiles(copy.resolve("box.db"));
                maxCommitted = Math.max(maxCommitted, before.size());
                ScratchDir.deleteTree(copy);
                done++;
            }
        } finally {
            stop.set(true);
            writer.join(60_000);
            box.close();
            oracle.close();
        }
        if (writerFailed.get() != null) {
            throw new AssertionError("the pickups thread failed", writerFailed.get());
        }
        assertTrue(oracle.failures().isEmpty(), oracle.failures().toString());
        return new long[] {done, torn, maxCommitted};
    }

    /** Cuts the WAL short, or scribbles over its end, somewhere past {@code keep} bytes. */
    private static void tear(Path wal, long keep, Random random) throws IOException {
        long length = Files.size(wal);
        if (length <= keep) {
            return;
        }
        long at = keep + (long) (random.nextDouble() * (length - keep));
        try (RandomAccessFile file = new RandomAccessFile(wal.toFile(), "rw")) {
            if (random.nextBoolean()) {
                file.setLength(at);
            } else {
                byte[] garbage = new byte[(int) Math.min(length - at, 1 + random.nextInt(8192))];
                random.nextBytes(garbage);
                file.seek(at);
                file.write(garbage);
            }
        }
    }

    private static String pragma(Database db, String name) {
        return db.read(() -> {
            try (ResultSet rs = db.prepare("PRAGMA " + name).executeQuery()) {
                return rs.getString(1);
            }
        });
    }
}
