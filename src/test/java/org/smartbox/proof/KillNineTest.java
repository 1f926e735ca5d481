package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.DeviceConfig;
import org.smartbox.sim.SimBoxes;
import org.smartbox.store.AuditLog;
import org.smartbox.store.AuditRecord;
import org.smartbox.store.Database;

/**
 * SPEC §8, §9, §11 under {@code kill -9}: a child JVM runs a simulated box ({@link CrashChild}) on a
 * database in a real folder as fast as it can, through pickups, returns, imports and audit writes,
 * and is killed with SIGKILL at a random moment. Then, before the box is started again, the file
 * itself: {@code integrity_check} is ok, the audit chain verifies, every audit entry the child had
 * printed (printed only after its commit) is there in the same order, the cache version is the one
 * its last {@code SYNC_APPLIED} entry says. Then the restart: no latch is released during start-up,
 * a latch that was open at the kill comes back as {@code SESSION_INTERRUPTED}, and once the box is
 * down again every access has been counted exactly as often as it has {@code PICKUP} entries, never
 * past its maximum. Runs accumulate on one database, so each restart also follows earlier ones.
 */
class KillNineTest {

    @TempDir
    Path dir;

    @Test
    void aKioskKilledAtRandomMomentsComesBackWithEveryLatchHeldAndNoPickupLostOrCountedTwice() throws Exception {
        int runs = Nightly.pick(40, 200);
        long seed = Nightly.seed();
        Random random = new Random(seed);
        Path db = dir.resolve("box.db");
        DeviceConfig config = SimBoxes.config("");
        ProofBox.start(db, config, SimBoxes.NOW, line -> { }).close();

        Map<String, Integer> killedDuring = new TreeMap<>();
        int openAtKill = 0;
        int survived = 0;
        long childPickups = 0;
        long childOps = 0;
        for (int run = 0; run < runs; run++) {
            Instant start = SimBoxes.NOW.plus(Duration.ofDays(2L * run + 1));
            long before = auditSize(db);
            Child child = Child.start(dir, db, start, random.nextLong());
            child.awaitReady();
            Thread.sleep(10 + random.nextInt(600));
            List<String> seen = child.kill();
            String context = "seed " + seed + ", run " + run + " (" + dir + ")";

            assertTrue(seen.stream().noneMatch(l -> l.startsWith("# FAIL")), () -> context + ": the child failed: "
                    + seen.stream().filter(l -> l.startsWith("# FAIL")).toList());
            Set<Integer> open = openLatches(seen);
            openAtKill += open.isEmpty() ? 0 : 1;
            String during = seen.stream().filter(l -> l.startsWith("# op ")).reduce((a, b) -> b).orElse("# op start")
                    .substring(5);
            killedDuring.merge(during + (open.isEmpty() ? "" : ", latch open"), 1, Integer::sum);
            childPickups += seen.stream().filter(l -> l.startsWith("AUDIT PICKUP ")).count();
            childOps += seen.stream().filter(l -> l.startsWith("# op ")).count();

            // The file as the kill left it, before anything opens it as a box.
            boolean markerSet;
            try (Database file = Database.open(db)) {
                assertEquals("ok", file.integrityCheck(), context);
                AuditLog log = AuditLog.withSecretFile(file, org.smartbox.store.AuditFiles.secretBeside(db));
                AuditLog.Verification chain = log.verify();
                assertTrue(chain.intact(), context + ": " + chain.problem());
                List<String> stored = log.list(before, Integer.MAX_VALUE).stream()
                        .map(rec -> "AUDIT " + rec.event().line()).toList();
                List<String> printed = seen.stream().filter(l -> l.startsWith("AUDIT ")).toList();
                assertTrue(printed.size() <= stored.size() && stored.subList(0, printed.size()).equals(printed),
                        () -> context + ": committed audit entries lost or reordered\nprinted " + printed.size()
                                + ", stored " + stored.size() + firstDifference(printed, stored));
                assertEquals(lastSyncedVersion(log), cacheVersion(file), context + ": cache version and audit disagree");
                markerSet = file.read(() -> {
                    try (ResultSet rs = file.prepare("SELECT COUNT(*) FROM meta WHERE name = 'open_latch'")
                            .executeQuery()) {
                        return rs.getInt(1) == 1;
                    }
                });
            }
            if (!open.isEmpty()) {
                assertTrue(markerSet, context + ": latch " + open + " was open at the kill but not noted");
            }

            // The restart.
            ProofBox box = ProofBox.start(db, config, start.plus(Duration.ofDays(1)), line -> { });
            try {
                List<String> startLines = box.startLines();
                assertTrue(startLines.stream().noneMatch(l -> l.startsWith("UNLOCK")), context + ": " + startLines);
                for (int slot : open) {
                    assertTrue(startLines.stream().anyMatch(l -> SafetyOracle.interrupted(l, slot)),
                            context + ": latch " + slot + " open at the kill, no SESSION_INTERRUPTED: " + startLines);
                }
                assertEquals(markerSet, startLines.stream().anyMatch(l -> l.startsWith("AUDIT SESSION_INTERRUPTED")),
                        context + ": an interrupted session is recorded exactly when one was open");
                assertTrue(box.lines().stream().noneMatch(l -> l.startsWith("UNLOCK")), context);
            } finally {
                box.close();
            }
            SafetyOracle.checkFiles(db);
            survived++;
        }
        System.out.printf("kill -9: %d of %d runs survived (seed %d); %d operations and %d pickups before the"
                + " kills; a latch was open at %d kills%n", survived, runs, seed, childOps, childPickups, openAtKill);
        killedDuring.forEach((k, v) -> System.out.printf("  %4d killed during %s%n", v, k));
    }

    private static Set<Integer> openLatches(List<String> lines) {
        Set<Integer> open = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("UNLOCK ")) {
                open.add(Integer.parseInt(line.substring(7)));
            } else if (line.startsWith("LOCK ")) {
                open.remove(Integer.parseInt(line.substring(5)));
            }
        }
        return open;
    }

    private static long auditSize(Path db) {
        try (Database file = Database.open(db)) {
            return new AuditLog(file).size();
        }
    }

    private static long cacheVersion(Database file) {
        return file.read(() -> {
            try (ResultSet rs = file.prepare("SELECT value FROM meta WHERE name = 'cache_version'").executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : 0L;
            }
        });
    }

    private static long lastSyncedVersion(AuditLog log) {
        long version = 0;
        long from = 0;
        while (true) {
            List<AuditRecord> page = log.list(from, 5000);
            if (page.isEmpty()) {
                return version;
            }
            for (AuditRecord rec : page) {
                if (rec.event().type() == org.smartbox.audit.AuditType.SYNC_APPLIED) {
                    version = Long.parseLong(rec.event().field("version"));
                }
                from = rec.seq() + 1;
            }
        }
    }

    private static String firstDifference(List<String> printed, List<String> stored) {
        for (int i = 0; i < printed.size(); i++) {
            if (i >= stored.size() || !printed.get(i).equals(stored.get(i))) {
                return "\nfirst difference at " + i + ": printed " + printed.get(i) + ", stored "
                        + (i < stored.size() ? stored.get(i) : "nothing");
            }
        }
        return "";
    }

    /**
     * The child JVM and what it printed. The verdict on a kill rests on the last lines (was a latch
     * open?), so the transcript must be whole: every line the child wrote before it died, however far
     * the reader had fallen behind (a loaded machine), or the run fails as unreadable, never judged on
     * a part of it.
     */
    static final class Child {
        private final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch ready = new CountDownLatch(1);
        private final Thread reader;
        private final Path err;
        private volatile IOException cutShort;

        /** {@code each}: sees each line on the reader's thread as it is read (a test makes the reader slow). */
        Child(Process process, Path err, Consumer<String> each) {
            this.process = process;
            this.err = err;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                        each.accept(line);
                        if (line.equals("READY")) {
                            ready.countDown();
                        }
                    }
                } catch (IOException e) {
                    cutShort = e;
                }
                ready.countDown();
            }, "crash-child-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path dir, Path db, Instant start, long seed) throws IOException {
            String classpath = Optional.ofNullable(System.getProperty("surefire.test.class.path"))
                    .orElse(System.getProperty("java.class.path"));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Path err = dir.resolve("child.err");
            Process process = new ProcessBuilder(java.toString(), "-cp", classpath, "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-Xshare:auto", "-Dorg.sqlite.tmpdir=" + dir,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CrashChild.class.getName(), db.toString(),
                    start.toString(), Long.toString(seed))
                    .directory(Path.of("").toAbsolutePath().toFile())
                    .redirectError(err.toFile())
                    .start();
            return new Child(process, err, line -> { });
        }

        void awaitReady() throws Exception {
            boolean got = ready.await(120, TimeUnit.SECONDS) && lines.contains("READY");
            if (!got) {
                process.destroyForcibly();
                throw new AssertionError("the child did not start: " + lines + "\n" + Files.readString(err));
            }
        }

        /**
         * SIGKILL: no shutdown hook, no finally, no close. Returns every line it printed, read to the
         * end of its output. Killed through its handle: {@link Process#destroyForcibly()} also closes
         * this end of the child's stdout, and whatever the reader had not read yet is thrown away: a
         * {@code LOCK} (and the write that cleared the open-latch marker after it) lost that way made
         * a latch look open at the kill.
         */
        List<String> kill() throws InterruptedException {
            process.toHandle().destroyForcibly();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the child survived SIGKILL");
            }
            reader.join(60_000);
            if (reader.isAlive() || cutShort != null) {
                throw new AssertionError("the child's output could not be read to its end: " + cutShort);
            }
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
