package org.smartbox.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.smartbox.store.Database;

/**
 * Runs every figure of the benchmark table with its baseline, interleaved A/B so that machine noise
 * falls on both, and writes {@code RESULTS.md}. Every measured JVM runs with the service's JVM flags
 * (read from {@code systemd/smartbox.service}). {@code bench/run} is the way in:
 *
 * <pre>
 * Bench [--quick | --smoke] [--project DIR] [--jar JAR] [--out FILE] [--work DIR] [--classpath CP] [--no-jmh]
 * </pre>
 */
public final class Bench {

    /** Where bench/startup's section begins: it sits before the fleet section. */
    static final String STARTUP_MARKER = "<!-- start-up section: bench/startup -->";

    /** How much of everything: the full run, a quicker one, and CI's smoke run (small data, seconds). */
    enum Mode {
        FULL(Dataset.LARGE, 2000, 5000, 1000, 5, 10, 60, 200, 20, true),
        QUICK(Dataset.LARGE, 500, 1500, 300, 2, 4, 20, 100, 10, true),
        SMOKE(Dataset.SMALL, 30, 60, 15, 1, 1, 2, 10, 2, false);

        final Dataset.Size size;
        final int decisionWarmup;
        final int decisionSamples;
        final int pickups;
        final int importReps;
        final int startReps;
        final int idleSeconds;
        final int auditRows;
        final int auditBlocks;
        final boolean cds;

        Mode(Dataset.Size size, int decisionWarmup, int decisionSamples, int pickups, int importReps, int startReps,
             int idleSeconds, int auditRows, int auditBlocks, boolean cds) {
            this.size = size;
            this.decisionWarmup = decisionWarmup;
            this.decisionSamples = decisionSamples;
            this.pickups = pickups;
            this.importReps = importReps;
            this.startReps = startReps;
            this.idleSeconds = idleSeconds;
            this.auditRows = auditRows;
            this.auditBlocks = auditBlocks;
            this.cds = cds;
        }
    }

    /** One line of the results table. */
    record Row(String figure, String value, String baseline, String ratio, String target, String met, String how) {
    }

    private final Mode mode;
    private final Path project;
    private final Path jar;
    private final Path out;
    private final Path work;
    private final String classpath;
    private final boolean jmh;
    private final List<String> flags;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final Path data;
    private final Path config;
    private Path largeDb;

    Bench(Mode mode, Path project, Path jar, Path out, Path work, String classpath, boolean jmh) throws IOException {
        this.mode = mode;
        this.project = project.toAbsolutePath().normalize();
        this.jar = jar.toAbsolutePath();
        this.out = out.toAbsolutePath();
        this.work = work.toAbsolutePath();
        // Children run in the work folder: every entry must hold there too.
        this.classpath = Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .reduce((a, b) -> a + java.io.File.pathSeparator + b).orElse("");
        this.jmh = jmh;
        Files.createDirectories(this.work.resolve("tmp"));
        this.flags = serviceFlags(this.project, this.work.resolve("tmp"));
        this.data = this.work.resolve("data-" + mode.size.users());
        this.config = this.work.resolve("sim-bench.properties");
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Mode mode = Mode.FULL;
        Path project = Path.of(".");
        Path jar = null;
        Path out = null;
        Path work = null;
        String cp = System.getProperty("java.class.path");
        boolean jmh = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = Mode.QUICK;
                case "--smoke" -> mode = Mode.SMOKE;
                case "--project" -> project = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--classpath" -> cp = args[++i];
                case "--no-jmh" -> jmh = false;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        jar = jar != null ? jar : project.resolve("target/smartbox.jar");
        work = work != null ? work : project.resolve("bench/out");
        out = out != null ? out : project.resolve("bench/RESULTS.md");
        new Bench(mode, project, jar, out, work, cp, jmh).runAll();
    }

    /** Every row, then the report. Returns the rows (the smoke test checks them). */
    List<Row> runAll() throws Exception {
        String loadBefore = loadAverage();
        long started = System.nanoTime();
        log("mode " + mode + ", work folder " + work + ", load " + loadBefore);
        prepareData();
        importRow();
        decisionRow();
        roundTripAndMemoryRows();
        startRows();
        idleRow();
        auditRow();
        displayRow();
        String jmhText = jmh ? jmhSection() : "";
        String loadAfter = loadAverage();
        write(loadBefore, loadAfter, (System.nanoTime() - started) / 1e9, jmhText);
        return rows;
    }

    // ---------------------------------------------------------------- data

    private void prepareData() throws Exception {
        Files.writeString(config, "# The benchmark box (bench/): the simulator with room for the large site's keys.\n"
                + "box.id=" + Dataset.BOX_ID + "\nbox.slots=" + mode.size.keys() + "\nsms.gateways=sim\n");
        if (!Files.isRegularFile(data.resolve("pickers.txt"))) {
            long t = System.nanoTime();
            Dataset d = Dataset.generate(mode.size, Dataset.SEED);
            d.write(data);
            Files.writeString(data.resolve("README.txt"), d.describe() + "\n");
            log(String.format("generated %s in %.1f s", d.describe(), (System.nanoTime() - t) / 1e9));
        }
        details.add("Dataset (seed " + Dataset.SEED + "): " + Files.readString(data.resolve("README.txt")).strip()
                + String.format("; snapshot %.1f MB.", Files.size(data.resolve("snapshot.json")) / 1e6));
    }

    // ---------------------------------------------------------------- import

    private void importRow() throws Exception {
        Path template = work.resolve("empty-schema.db");
        Files.deleteIfExists(template);
        Database.open(template).close();
        Path script = data.resolve("import.sql");
        Files.writeString(script, sqliteImportScript());
        boolean haveSqlite = which("sqlite3");
        List<Double> smartbox = new ArrayList<>();
        List<Double> sqlite = new ArrayList<>();
        for (int rep = 0; rep < mode.importReps; rep++) {
            for (int half = 0; half < 2; half++) {
                boolean smartboxFirst = rep % 2 == 0;
                if ((half == 0) == smartboxFirst) {
                    smartbox.add(importSmartbox(rep));
                } else if (haveSqlite) {
                    sqlite.add(importSqlite(template, script, rep));
                }
            }
        }
        largeDb = work.resolve("large.db");
        BenchBox.copyDb(work.resolve("import-0.db"), largeDb);
        Stats s = Stats.of(smartbox);
        if (haveSqlite) {
            Stats b = Stats.of(sqlite);
            rows.add(new Row("`smartbox import` of the " + sizeName() + " snapshot", Stats.time(s.median()),
                    "`sqlite3` CSV import: " + Stats.time(b.median()), Stats.ratio(s.median() / b.median()), "≤ 3x",
                    met(s.median() / b.median() <= 3), "median of " + s.n() + " (" + spread(s) + " / " + spread(b) + ")"));
        } else {
            rows.add(new Row("`smartbox import` of the " + sizeName() + " snapshot", Stats.time(s.median()), "no sqlite3 on PATH",
                    "-", "≤ 3x", "not measured", "median of " + s.n()));
        }
        details.add("Import: wall time of `java FLAGS -jar smartbox.jar import` into a new database (JSON read and"
                + " checked as a stream, account codes HMAC-hashed, one transaction, WAL, synchronous=FULL) against"
                + " `sqlite3` running `import.sql`: the same rows from CSV into the same schema in one transaction,"
                + " account codes hashed by the shell's sha3(). Both include process start.");
    }

    private double importSmartbox(int rep) throws Exception {
        Path db = work.resolve("import-" + rep + ".db");
        Files.deleteIfExists(db);
        Files.deleteIfExists(BenchBox.secretOf(db));
        List<String> cmd = jvm("-jar", jar.toString(), "import", "--config", config.toString(), "--db", db.toString(),
                data.resolve("snapshot.json").toString());
        long t = System.nanoTime();
        String stdout = Processes.run(cmd, work, work.resolve("import.err"), 600);
        double took = (System.nanoTime() - t) / 1e9;
        if (!stdout.contains("applied version 1")) {
            throw new IOException("smartbox import did not apply the snapshot: " + stdout);
        }
        log(String.format("import (smartbox) %.2f s", took));
        return took;
    }

    private double importSqlite(Path template, Path script, int rep) throws Exception {
        Path db = work.resolve("sqlite-" + rep + ".db");
        Files.deleteIfExists(db);
        Files.copy(template, db);
        List<String> cmd = List.of("sqlite3", "-bail", db.toString(), ".read " + script.getFileName());
        long t = System.nanoTime();
        Processes.run(cmd, data, work.resolve("sqlite.err"), 600);
        double took = (System.nanoTime() - t) / 1e9;
        String counts = Processes.run(List.of("sqlite3", db.toString(),
                "SELECT (SELECT COUNT(*) FROM users) || ' ' || (SELECT COUNT(*) FROM keys) || ' '"
                        + " || (SELECT COUNT(*) FROM accesses)"), work, work.resolve("sqlite.err"), 60).strip();
        String want = mode.size.users() + " " + mode.size.keys() + " " + mode.size.accesses();
        if (!counts.equals(want)) {
            throw new IOException("the sqlite3 baseline imported " + counts + " rows, not " + want);
        }
        log(String.format("import (sqlite3) %.2f s", took));
        return took;
    }

    private static String sqliteImportScript() {
        return String.join("\n",
                "-- The baseline of `smartbox import`: the same rows, from CSV, into the same tables.",
                "PRAGMA journal_mode=WAL;",
                "PRAGMA synchronous=FULL;",
                "PRAGMA foreign_keys=ON;",
                "-- The page cache smartbox gives a transaction this large (SyncApplier.BULK_CACHE_KIB).",
                "PRAGMA cache_size=-16384;",
                "BEGIN IMMEDIATE;",
                "CREATE TEMP TABLE su(id, name, mobile, account_code, technician, login2fa, key_pickups2fa,"
                        + " guest_pickups2fa);",
                "CREATE TEMP TABLE sa(id, key_id, user_id, valid_from, valid_until, max_pickups);",
                ".import --csv --skip 1 users.csv su",
                "INSERT INTO users (id, name, mobile, account_code_hash, technician, login2fa, key_pickups2fa,"
                        + " guest_pickups2fa) SELECT id, name, NULLIF(mobile, ''),"
                        + " CASE WHEN account_code = '' THEN NULL ELSE sha3(account_code, 256) END,"
                        + " technician, login2fa, key_pickups2fa, guest_pickups2fa FROM su;",
                ".import --csv --skip 1 keys.csv keys",
                ".import --csv --skip 1 accesses.csv sa",
                "INSERT INTO accesses (id, key_id, user_id, valid_from, valid_until, max_pickups)"
                        + " SELECT id, key_id, user_id, valid_from, valid_until, NULLIF(max_pickups, '') FROM sa;",
                "INSERT INTO meta (name, value) VALUES ('cache_version', '1');",
                "COMMIT;",
                "");
    }

    // ---------------------------------------------------------------- decision latency

    private void decisionRow() throws Exception {
        Path db = BenchBox.copyDb(largeDb, work.resolve("decision.db"));
        Map<String, double[]> r = inProcess("decision", db.toString(), data.toString(),
                Integer.toString(mode.size.keys()), Integer.toString(mode.decisionWarmup),
                Integer.toString(mode.decisionSamples));
        double[] d = r.get("decision.list");
        double[] l = r.get("lookup.list");
        double ratio = d[4] / l[4];
        rows.add(new Row("decision latency, final `#` to effects out, " + sizeName() + " cache (p50 / p99)",
                Stats.time(d[2]) + " / " + Stats.time(d[4]), "bare indexed lookup: " + Stats.time(l[2]) + " / "
                + Stats.time(l[4]), Stats.ratio(d[2] / l[2]) + " / " + Stats.ratio(ratio), "p99 ≤ 5x",
                met(ratio <= 5), (int) d[0] + " samples; users with a list of keys and no factor"));
        StringBuilder sb = new StringBuilder("Decision latency by what identification leads to (p50 / p99 / max;"
                + " bare lookup of the same users p50 / p99):\n\n| leads to | n | decision | bare lookup | p99 ratio |"
                + " not as expected |\n|---|---|---|---|---|---|\n");
        for (String p : List.of("list", "single", "code")) {
            double[] x = r.get("decision." + p);
            double[] y = r.get("lookup." + p);
            if (x == null) {
                continue;
            }
            sb.append(String.format("| %s | %d | %s / %s / %s | %s / %s | %s | %d |%n", describeProbe(p), (int) x[0],
                    Stats.time(x[2]), Stats.time(x[4]), Stats.time(x[5]), Stats.time(y[2]), Stats.time(y[4]),
                    Stats.ratio(x[4] / y[4]), (int) r.get("unexpected." + p)[0]));
        }
        details.add(sb.toString());
    }

    private static String describeProbe(String p) {
        return switch (p) {
            case "list" -> "a list of keys (no factor): one frame";
            case "single" -> "one key (no factor): durable open-latch mark, latch released, frame";
            default -> "a code: durable code issue and CODE_SENT audit, SMS handed over, frame";
        };
    }

    // ---------------------------------------------------------------- round trip and memory

    private static final Pattern CODE = Pattern.compile("^SMS \\S+ .*?\\b(\\d{6})\\b");

    private void roundTripAndMemoryRows() throws Exception {
        Path db = BenchBox.copyDb(largeDb, work.resolve("roundtrip.db"));
        List<Dataset.Person> pickers = Dataset.readUsers(data.resolve("pickers.txt"));
        double[] key = new double[mode.pickups];
        double[] floor = new double[mode.pickups];
        Map<String, List<Double>> byOutcome = new LinkedHashMap<>();
        int done = 0;
        int other = 0;
        long hwm;
        long rss;
        try (Processes.Child sim = new Processes.Child(jvm("-jar", jar.toString(), "simulate", "--script",
                "--config", config.toString(), "--db", db.toString(), "--now", Dataset.NOW.toString()), work,
                work.resolve("roundtrip.err"), Map.of())) {
            sim.lineStartingWith("READY");
            // Warm-up: the first commands of a JVM run interpreted; the box on a Pi has long been running.
            for (int i = 0; i < Math.min(50, mode.pickups); i++) {
                sim.command("advance 0");
            }
            for (int i = 0; i < mode.pickups; i++) {
                Dataset.Person person = pickers.get(i % pickers.size());
                List<String> lines;
                if (i % 2 == 0) {
                    floor[i] = timed(sim, "advance 0", null);
                    lines = new ArrayList<>();
                    key[i] = timed(sim, "key " + person.typed() + "#", lines);
                } else {
                    lines = new ArrayList<>();
                    key[i] = timed(sim, "key " + person.typed() + "#", lines);
                    floor[i] = timed(sim, "advance 0", null);
                }
                byOutcome.computeIfAbsent(outcome(lines), k -> new ArrayList<>()).add(key[i]);
                List<String> transcript = new ArrayList<>();
                if (finishPickup(sim, lines, transcript)) {
                    done++;
                } else {
                    other++;
                    if (other <= 3) {
                        log("pickup " + i + " ended otherwise:\n  " + String.join("\n  ", transcript));
                    }
                }
            }
            hwm = Processes.statusKb(sim.pid(), "VmHWM");
            rss = Processes.statusKb(sim.pid(), "VmRSS");
            sim.command("quit");
            sim.waitFor(60);
        }
        Stats k = Stats.of(key);
        Stats f = Stats.of(floor);
        rows.add(new Row("protocol round trip `key <mobile>#` to `OK`, " + mode.pickups + " pickups (p50 / p99)",
                Stats.time(k.p50()) + " / " + Stats.time(k.p99()), "`advance 0`: " + Stats.time(f.p50()) + " / "
                + Stats.time(f.p99()), Stats.ratio(k.p50() / f.p50()) + " / " + Stats.ratio(k.p99() / f.p99()),
                "p99 ≤ 3x", met(k.p99() / f.p99() <= 3), done + " pickups completed, " + other + " ended otherwise"));
        details.add(String.format("Round trip: `simulate --script` on the " + sizeName() + " cache as a child process, driven"
                + " line by line over pipes; each pickup identifies (`key <10 digits>#`, timed), enters the SMS code"
                + " if one was sent, picks item 1 if a list was shown, takes the key and puts it back; the protocol"
                + " floor `advance 0` is timed just before or after each (alternating). `key` p90 %s, max %s;"
                + " floor max %s.", Stats.time(k.p90()), Stats.time(k.max()), Stats.time(f.max())));
        StringBuilder sb = new StringBuilder("Round trip of `key <mobile>#` by what it led to (p50 / p99 / max;"
                + " the floor's p50 / p99 for all: " + Stats.time(f.p50()) + " / " + Stats.time(f.p99()) + "):\n\n"
                + "| led to | n | round trip | p50 ratio | p99 ratio |\n|---|---|---|---|---|\n");
        byOutcome.forEach((what, times) -> {
            Stats t = Stats.of(times);
            sb.append(String.format("| %s | %d | %s / %s / %s | %s | %s |%n", what, t.n(), Stats.time(t.p50()),
                    Stats.time(t.p99()), Stats.time(t.max()), Stats.ratio(t.p50() / f.p50()),
                    Stats.ratio(t.p99() / f.p99())));
        });
        details.add(sb.toString());

        long[] hello = helloMemory();
        rows.add(new Row("peak RSS after " + mode.pickups + " pickups on the " + sizeName() + " cache (VmHWM)",
                String.format("%.1f MB", hwm / 1024.0), String.format("hello world: %.1f MB", hello[0] / 1024.0),
                Stats.ratio((double) hwm / hello[0]), "< 96 MB", met(hwm < 96 * 1024),
                String.format("VmRSS at the end %.1f MB (hello %.1f MB)", rss / 1024.0, hello[1] / 1024.0)));
    }

    /** What identifying led to, from the lines it caused. */
    private static String outcome(List<String> lines) {
        if (lines.stream().anyMatch(l -> l.startsWith("SMS "))) {
            return "a code (durable CODE_SENT commit, then the SMS)";
        } else if (lines.stream().anyMatch(l -> l.startsWith("UNLOCK "))) {
            return "one key (durable open-latch mark, then the latch)";
        } else if (lines.stream().anyMatch(l -> l.startsWith("DISPLAY ") && l.contains("|1 "))) {
            return "a list of keys (no write)";
        }
        return "something else";
    }

    /** Times one command to its OK; collects its lines when asked. */
    private static double timed(Processes.Child sim, String command, List<String> into) throws IOException {
        long t = System.nanoTime();
        List<String> lines = sim.command(command);
        double took = (System.nanoTime() - t) / 1e9;
        if (!lines.get(lines.size() - 1).equals("OK")) {
            throw new IOException(command + ": " + lines.get(lines.size() - 1));
        }
        if (into != null) {
            into.addAll(lines);
        }
        return took;
    }

    /** Carries a pickup on from identification: code, item, take, and the key back in its slot. */
    private static boolean finishPickup(Processes.Child sim, List<String> lines, List<String> transcript)
            throws IOException {
        for (int step = 0; step < 4; step++) {
            Integer unlocked = null;
            String code = null;
            String display = "";
            for (String l : lines) {
                if (l.startsWith("UNLOCK ")) {
                    unlocked = Integer.parseInt(l.substring(7).strip());
                }
                Matcher m = CODE.matcher(l);
                if (m.find()) {
                    code = m.group(1);
                }
                if (l.startsWith("DISPLAY ")) {
                    display = l;
                }
            }
            transcript.addAll(lines);
            if (unlocked != null) {
                List<String> took = sim.command("take " + unlocked);
                sim.command("put " + unlocked);
                return took.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP"));
            } else if (code != null) {
                lines = sim.command("key " + code + "#");
            } else if (display.contains("|1 ")) {   // a numbered list of keys (maybe several pages)
                lines = sim.command("key 1#");
            } else {
                transcript.add("(gave up here)");
                break;
            }
        }
        // Whatever it was, back to the home screen.
        sim.command("key *");
        sim.command("advance 61");
        return false;
    }

    private long[] helloMemory() throws Exception {
        try (Processes.Child hello = new Processes.Child(helloCommand(List.of()), work, work.resolve("hello.err"),
                Map.of())) {
            hello.lineStartingWith("READY");
            return new long[] {Processes.statusKb(hello.pid(), "VmHWM"), Processes.statusKb(hello.pid(), "VmRSS")};
        }
    }

    // ---------------------------------------------------------------- cold start

    private void startRows() throws Exception {
        Path db = BenchBox.copyDb(largeDb, work.resolve("start.db"));
        Path archive = work.resolve("smartbox-sim.jsa");
        boolean cds = mode.cds && makeArchive(db, archive);
        List<Double> sim = new ArrayList<>();
        List<Double> simCds = new ArrayList<>();
        List<Double> hello = new ArrayList<>();
        List<Double> run = new ArrayList<>();
        List<Double> runCds = new ArrayList<>();
        Path runConfig = benchRunConfig();
        Path runDb = work.resolve("run-start.db");
        Path runArchive = work.resolve("smartbox-run.jsa");
        boolean runWithCds = cds && makeRunArchive(runConfig, runDb, runArchive);
        for (int rep = 0; rep < mode.startReps; rep++) {
            // Rotate the order each round, so no variant always runs after the same one.
            List<ThrowingRunnable> steps = new ArrayList<>();
            steps.add(() -> hello.add(startToReady(helloCommand(List.of()))));
            steps.add(() -> sim.add(startToReady(simCommand(db, List.of()))));
            steps.add(() -> run.add(runToReady(runConfig, runDb, List.of())));
            if (cds) {
                steps.add(() -> simCds.add(startToReady(simCommand(db, List.of("-XX:SharedArchiveFile=" + archive)))));
            }
            if (runWithCds) {
                steps.add(() -> runCds.add(runToReady(runConfig, runDb, List.of("-XX:SharedArchiveFile=" + runArchive))));
            }
            for (int i = 0; i < steps.size(); i++) {
                steps.get((i + rep) % steps.size()).run();
            }
        }
        Stats h = Stats.of(hello);
        Stats s = Stats.of(sim);
        Stats r = Stats.of(run);
        rows.add(new Row("cold start to `READY` (`simulate --script`, " + sizeName() + " cache)", Stats.time(s.median()),
                "hello world: " + Stats.time(h.median()), Stats.ratio(s.median() / h.median()), "≤ 3x",
                met(s.median() / h.median() <= 3), "median of " + s.n() + " (" + spread(s) + " / " + spread(h) + ")"));
        if (cds) {
            Stats c = Stats.of(simCds);
            rows.add(new Row("… the same with an AppCDS archive", Stats.time(c.median()),
                    "hello world: " + Stats.time(h.median()), Stats.ratio(c.median() / h.median()), "≤ 3x",
                    met(c.median() / h.median() <= 3), "median of " + c.n() + " (" + spread(c) + ")"));
        }
        rows.add(new Row("cold start of `smartbox run` to `READY=1` (bench config, mock platform)",
                Stats.time(r.median()), "hello world: " + Stats.time(h.median()), Stats.ratio(r.median() / h.median()),
                "≤ 3x", met(r.median() / h.median() <= 3), "median of " + r.n() + " (" + spread(r) + ")"));
        if (runWithCds) {
            Stats c = Stats.of(runCds);
            rows.add(new Row("… the same with an AppCDS archive", Stats.time(c.median()),
                    "hello world: " + Stats.time(h.median()), Stats.ratio(c.median() / h.median()), "≤ 3x",
                    met(c.median() / h.median() <= 3), "median of " + c.n() + " (" + spread(c) + ")"));
        }
        details.add("Cold start: from process start to the `READY` line on stdout (simulate) or the `READY=1`"
                + " datagram on a notify socket bound in systemd's place (run), the JVM's files in the page cache;"
                + " the baseline is a class that prints READY, with the same flags. The variants take turns.");
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private List<String> simCommand(Path db, List<String> extra) {
        List<String> cmd = jvm();
        cmd.addAll(extra);
        cmd.addAll(List.of("-jar", jar.toString(), "simulate", "--script", "--config", config.toString(), "--db",
                db.toString(), "--now", Dataset.NOW.toString()));
        return cmd;
    }

    private List<String> helloCommand(List<String> extra) {
        List<String> cmd = jvm();
        cmd.addAll(extra);
        cmd.addAll(List.of("-cp", ownClasses(), HelloReady.class.getName()));
        return cmd;
    }

    /** Where this class came from (a folder or jar): the hello world needs nothing else. */
    private static String ownClasses() {
        try {
            return Path.of(HelloReady.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private double startToReady(List<String> command) throws Exception {
        long t = System.nanoTime();
        try (Processes.Child child = new Processes.Child(command, work, work.resolve("start.err"), Map.of())) {
            child.lineStartingWith("READY");
            double took = (System.nanoTime() - t) / 1e9;
            child.send("quit");
            child.in.close();
            child.waitFor(60);
            return took;
        }
    }

    private boolean makeArchive(Path db, Path archive) throws Exception {
        Files.deleteIfExists(archive);
        List<String> cmd = simCommand(db, List.of("-XX:ArchiveClassesAtExit=" + archive));
        try (Processes.Child child = new Processes.Child(cmd, work, work.resolve("cds.err"), Map.of())) {
            child.lineStartingWith("READY");
            child.command("key 1#");
            child.command("quit");
            child.waitFor(120);
        }
        boolean ok = Files.isRegularFile(archive);
        log("AppCDS archive " + (ok ? Files.size(archive) / 1024 + " kB" : "not made: " + Processes.tail(work.resolve("cds.err"))));
        return ok;
    }

    // ---------------------------------------------------------------- smartbox run: start and idle CPU

    private Path benchRunConfig() throws IOException {
        Path file = work.resolve("bench-run.properties");
        String text = Files.readString(project.resolve("device-config/bench.properties"))
                .replace("sms.file=smartbox-bench-sms.txt", "sms.file=" + work.resolve("bench-sms.txt"));
        Files.writeString(file, text);
        return file;
    }

    /** Starts {@code smartbox run} with a notify socket; returns the seconds to READY=1, then stops it (SIGTERM). */
    private double runToReady(Path runConfig, Path db, List<String> extra) throws Exception {
        Path socket = work.resolve("notify.sock");
        Files.deleteIfExists(socket);
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(socket));
            systemd.setSoTimeout(1000);
            List<String> cmd = jvm();
            cmd.addAll(extra);
            cmd.addAll(List.of("-jar", jar.toString(), "run", "--config", runConfig.toString(), "--db", db.toString()));
            long t = System.nanoTime();
            try (Processes.Child child = new Processes.Child(cmd, work, work.resolve("run.err"),
                    Map.of("NOTIFY_SOCKET", socket.toString()))) {
                awaitDatagram(systemd, "READY=1", child);
                return (System.nanoTime() - t) / 1e9;
            }
        }
    }

    /** The service's own training run: start to READY=1, stopped by SIGTERM as systemctl stops it. */
    private boolean makeRunArchive(Path runConfig, Path db, Path archive) throws Exception {
        Files.deleteIfExists(archive);
        runToReady(runConfig, db, List.of("-XX:ArchiveClassesAtExit=" + archive));
        boolean ok = Files.isRegularFile(archive);
        log("AppCDS archive for run " + (ok ? Files.size(archive) / 1024 + " kB" : "not made"));
        return ok;
    }

    private static void awaitDatagram(AFUNIXDatagramSocket socket, String start, Processes.Child child)
            throws IOException {
        byte[] buffer = new byte[4096];
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                if (!child.process.isAlive()) {
                    break;
                }
                continue;
            }
            if (new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).startsWith(start)) {
                return;
            }
        }
        throw new IOException("no " + start + " from smartbox run: " + Processes.tail(child.stderr));
    }

    /**
     * Idle CPU of {@code smartbox run}: the bench config as shipped (the keypad asleep until a column
     * falls), against the same box with today's scanner ({@code keypad.wake=poll}, reading the columns
     * every 15 ms), and the 24-slot bench box on expanders; each measured twice, in turns.
     */
    private void idleRow() throws Exception {
        Path edge = benchRunConfig();
        Path poll = work.resolve("bench-run-poll.properties");
        Files.writeString(poll, Files.readString(edge).replace("keypad.scanMillis=15",
                "keypad.scanMillis=15\nkeypad.wake=poll"));
        Path expanders = work.resolve("bench-run-24.properties");
        Files.writeString(expanders, Files.readString(project.resolve("device-config/bench-24.properties"))
                .replace("sms.file=smartbox-bench-sms.txt", "sms.file=" + work.resolve("bench-sms.txt")));
        int seconds = Math.max(1, mode.idleSeconds / 2);
        List<Double> sleeping = new ArrayList<>();
        List<Double> polling = new ArrayList<>();
        List<Double> onExpanders = new ArrayList<>();
        String[] threads = new String[3];
        for (int round = 0; round < 2; round++) {
            List<ThrowingRunnable> steps = List.of(
                    () -> threads[0] = idleOnce(edge, "idle-edge", seconds, sleeping),
                    () -> threads[1] = idleOnce(poll, "idle-poll", seconds, polling),
                    () -> threads[2] = idleOnce(expanders, "idle-24", seconds, onExpanders));
            for (int i = 0; i < steps.size(); i++) {
                steps.get((i + round) % steps.size()).run();
            }
        }
        double today = Stats.of(polling).median();
        double now = Stats.of(sleeping).median();
        double twentyFour = Stats.of(onExpanders).median();
        rows.add(new Row("idle CPU of `smartbox run` (bench config: keypad asleep until a key goes down)",
                String.format("%.3f%% of one core", now), String.format("today's scanner (`keypad.wake=poll`):"
                + " %.2f%%", today), Stats.ratio(now / today), "< 0.2%", met(now < 0.2),
                String.format("median of 2 × %d s after READY=1 + settling, in turns with the baseline; busiest"
                        + " threads: %s; baseline's: %s", seconds, threads[0], threads[1])));
        rows.add(new Row("… the 24-slot bench box (four MCP23017s, sensors on interrupts)",
                String.format("%.3f%% of one core", twentyFour), String.format("today's scanner: %.2f%%", today),
                Stats.ratio(twentyFour / today), "< 0.2%", met(twentyFour < 0.2),
                String.format("median of 2 × %d s; busiest threads: %s", seconds, threads[2])));
    }

    /** One idle measurement of {@code smartbox run} on {@code config}; adds the percentage, returns the busiest threads. */
    private String idleOnce(Path config, String name, int seconds, List<Double> into) throws Exception {
        Path db = work.resolve(name + ".db");
        Path socket = work.resolve("notify.sock");
        Files.deleteIfExists(socket);
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(socket));
            systemd.setSoTimeout(1000);
            try (Processes.Child child = new Processes.Child(jvm("-jar", jar.toString(), "run", "--config",
                    config.toString(), "--db", db.toString()), work, work.resolve(name + ".err"),
                    Map.of("NOTIFY_SOCKET", socket.toString()))) {
                awaitDatagram(systemd, "READY=1", child);
                // Let start-up work (JIT, the first frame) finish before counting.
                Thread.sleep(mode == Mode.SMOKE ? 500 : 5000);
                Path proc = Path.of("/proc/" + child.pid());
                Map<String, Long> before = threadTicks(proc);
                long t0 = System.nanoTime();
                long c0 = Processes.cpuTicks(proc.resolve("stat"));
                Thread.sleep(seconds * 1000L);
                long c1 = Processes.cpuTicks(proc.resolve("stat"));
                double elapsed = (System.nanoTime() - t0) / 1e9;
                Map<String, Long> after = threadTicks(proc);
                long hz = clockTicks();
                double percent = 100.0 * (c1 - c0) / hz / elapsed;
                into.add(percent);
                log(String.format("idle %s: %.3f%%", name, percent));
                return busiestThreads(before, after, hz, elapsed);
            }
        }
    }

    private static Map<String, Long> threadTicks(Path proc) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                try {
                    Path stat = task.resolve("stat");
                    ticks.merge(Processes.threadName(stat) + "#" + task.getFileName(), Processes.cpuTicks(stat),
                            Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    private static String busiestThreads(Map<String, Long> before, Map<String, Long> after, long hz, double seconds) {
        Map<String, Double> byName = new HashMap<>();
        after.forEach((k, v) -> byName.merge(k.substring(0, k.lastIndexOf('#')),
                100.0 * (v - before.getOrDefault(k, 0L)) / hz / seconds, Double::sum));
        return byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(3)
                .map(e -> String.format("%s %.2f%%", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("none measurable");
    }

    private static long clockTicks() {
        try {
            return Long.parseLong(Processes.run(List.of("getconf", "CLK_TCK"), Path.of("."),
                    Files.createTempFile("getconf", ".err"), 10).strip());
        } catch (Exception e) {
            return 100;
        }
    }

    // ---------------------------------------------------------------- audit

    private void auditRow() throws Exception {
        Path file = work.resolve("audit-rate.db");
        Files.deleteIfExists(file);
        Files.deleteIfExists(work.resolve("audit-rate.db-wal"));
        Map<String, double[]> r = inProcess("audit", file.toString(), Integer.toString(mode.auditRows),
                Integer.toString(mode.auditBlocks), Integer.toString(mode == Mode.SMOKE ? 20 : 2000));
        double[] a = r.get("audit.chained");
        double[] p = r.get("audit.plain");
        double ratio = a[2] / p[2];
        rows.add(new Row("audit append rate, chained, synchronous=FULL", String.format("%.0f rows/s", 1 / a[2]),
                String.format("plain inserts: %.0f rows/s", 1 / p[2]), Stats.ratio(ratio), "≤ 1.5x", met(ratio <= 1.5),
                String.format("median of %d blocks of %d one-row transactions (per row: %s-%s / %s-%s)", (int) a[0],
                        mode.auditRows, Stats.time(a[1]), Stats.time(a[5]), Stats.time(p[1]), Stats.time(p[5]))));
    }

    // ---------------------------------------------------------------- display

    private void displayRow() throws Exception {
        Path dir = work.resolve("display");
        String text = inProcessText("display", dir.toString());
        List<DisplayBytes.Change> changes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("CHANGE ")) {
                String[] f = line.substring(7).split("\\|");
                changes.add(new DisplayBytes.Change(f[1], Boolean.parseBoolean(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6])));
            }
        }
        DisplayBytes.Result r = new DisplayBytes.Result(changes);
        displayRow("typing a digit", r.typing(), "key presses");
        displayRow("a new screen", r.screens(), "screens");
        StringBuilder sb = new StringBuilder("Display: every frame of the README's guest pickup on the demo box,"
                + " drawn by `Hd44780Display` on a counting Pi4J mock I2C device. Minimum = (changed cells + cursor"
                + " moves) × " + DisplayBytes.MIN_BYTES_PER_CELL + " bytes: a character and a set-address command are"
                + " each two 4-bit nibbles, and through a PCF8574 each nibble needs at least two port writes, E high with"
                + " the data and E low, the HD44780 latching on the falling edge; a run of changed cells in DDRAM order"
                + " needs one move unless it starts at the cursor (typing a digit under SPEC §6 masking: two adjacent"
                + " cells, one behind the cursor, so one move: 12 bytes). Each I2C transfer also puts one address byte"
                + " on the wire (not counted).\n\n"
                + "| change | cells | moves | bytes | transfers | minimum | ratio |\n|---|---|---|---|---|---|---|\n");
        for (DisplayBytes.Change c : changes) {
            sb.append(String.format("| %s | %d | %d | %d | %d | %d | %s |%n", c.cause(), c.changedCells(), c.moves(),
                    c.bytes(), c.transfers(), c.minimum(), Stats.ratio(c.ratio())));
        }
        details.add(sb.toString());
    }

    /** The typical change (the median one by bytes sent) against its minimum; all of them in the notes. */
    private void displayRow(String what, List<DisplayBytes.Change> changes, String unit) {
        List<DisplayBytes.Change> sorted = new ArrayList<>(changes);
        sorted.sort(java.util.Comparator.comparingLong(DisplayBytes.Change::bytes));
        DisplayBytes.Change typical = sorted.get((sorted.size() - 1) / 2);
        double ratio = typical.ratio();
        rows.add(new Row("I2C bytes per display change: " + what, typical.bytes() + " bytes (typical)",
                String.format("minimum %d bytes ((%d cells + %d moves) × %d)", typical.minimum(), typical.changedCells(),
                        typical.moves(), DisplayBytes.MIN_BYTES_PER_CELL), Stats.ratio(ratio), "≤ 1.5x",
                met(ratio <= 1.5),
                String.format("median of %d %s; all of them together %s, the worst %s", changes.size(), unit,
                        Stats.ratio(DisplayBytes.Result.ratio(changes)),
                        Stats.ratio(DisplayBytes.Result.worst(changes)))));
    }

    // ---------------------------------------------------------------- JMH

    private String jmhSection() throws Exception {
        Path db = BenchBox.copyDb(largeDb, work.resolve("jmh.db"));
        String where = "-Dbench.db=" + db + " -Dbench.data=" + data;
        List<String> cmd = new ArrayList<>(List.of(Processes.java(), "-Dbench.db=" + db, "-Dbench.data=" + data,
                "-cp", classpath, "org.openjdk.jmh.Main", "org.smartbox.bench.jmh",
                "-jvmArgs", String.join(" ", flags) + " " + where));
        switch (mode) {
            case FULL -> cmd.addAll(List.of("-f", "1", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"));
            case QUICK -> cmd.addAll(List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "1s"));
            // In this JVM, once, briefly: only that every benchmark still runs.
            case SMOKE -> cmd.addAll(List.of("-f", "0", "-wi", "0", "-i", "1", "-r", "200ms"));
        }
        log("JMH: " + String.join(" ", cmd.subList(5, cmd.size())));
        String text = Processes.run(cmd, work, work.resolve("jmh.err"), 1800);
        Files.writeString(work.resolve("jmh.txt"), text);
        int summary = text.lastIndexOf("Benchmark ");
        return summary < 0 ? text : text.substring(summary);
    }

    // ---------------------------------------------------------------- helpers

    /** The service's JVM flags, from the unit file, with the temp folder moved into the work folder. */
    static List<String> serviceFlags(Path project, Path tmp) throws IOException {
        Path unit = project.resolve("systemd/smartbox.service");
        Matcher m = Pattern.compile("Environment=\"SMARTBOX_JAVA_OPTS=([^\"]*)\"").matcher(Files.readString(unit));
        if (!m.find()) {
            throw new IOException(unit + ": no SMARTBOX_JAVA_OPTS line");
        }
        List<String> flags = new ArrayList<>();
        for (String flag : m.group(1).strip().split("\\s+")) {
            if (!flag.startsWith("-Djava.io.tmpdir=")) {
                flags.add(flag);
            }
        }
        // The service's own temp folder (the launcher adds it for the service user), here the work folder's.
        flags.add("-Djava.io.tmpdir=" + tmp);
        return flags;
    }

    private List<String> jvm(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.java());
        cmd.addAll(flags);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private Map<String, double[]> inProcess(String... args) throws Exception {
        Map<String, double[]> results = new LinkedHashMap<>();
        for (String line : inProcessText(args).split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.split(" ");
                double[] v = new double[f.length - 2];
                for (int i = 2; i < f.length; i++) {
                    v[i - 2] = Double.parseDouble(f[i]);
                }
                results.put(f[1], v);
            }
        }
        return results;
    }

    private String inProcessText(String... args) throws Exception {
        List<String> cmd = jvm("-cp", classpath, InProcess.class.getName());
        cmd.addAll(Arrays.asList(args));
        long t = System.nanoTime();
        String text = Processes.run(cmd, work, work.resolve(args[0] + ".err"), 1800);
        log(String.format("%s measured in %.1f s", args[0], (System.nanoTime() - t) / 1e9));
        return text;
    }

    private String sizeName() {
        return mode.size.equals(Dataset.LARGE) ? "large" : "small";
    }

    private static boolean which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String met(boolean ok) {
        return ok ? "**met**" : "**missed**";
    }

    private static String spread(Stats s) {
        return Stats.time(s.min()) + "-" + Stats.time(s.max());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }

    // ---------------------------------------------------------------- report

    private void write(String loadBefore, String loadAfter, double seconds, String jmhText) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# SmartBox benchmark results\n\n");
        sb.append("Written by `bench/run").append(mode == Mode.FULL ? "" : " --" + mode.name().toLowerCase(Locale.ROOT))
                .append("` on ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        Instant.now().atOffset(ZoneOffset.UTC).withNano(0))).append(" UTC in ")
                .append(String.format("%.0f s", seconds)).append(". Every figure has its baseline from the same run,"
                        + " interleaved with it; the ratio is figure / baseline.\n\n");
        sb.append("| | |\n|---|---|\n");
        sb.append("| machine | ").append(Machine.describe()).append(" |\n");
        sb.append("| load average (1/5/15 min) | before ").append(loadBefore).append(", after ").append(loadAfter)
                .append(" |\n");
        sb.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n");
        sb.append("| JVM flags (every measured JVM; from systemd/smartbox.service) | `")
                .append(String.join(" ", flags).replace(work.toString(), "bench/out")).append("` |\n");
        sb.append("| SQLite | ").append(sqliteVersions()).append(" |\n\n");
        sb.append("| figure | value | baseline (same run) | ratio | target | | spread, notes |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.figure()).append(" | ").append(r.value()).append(" | ").append(r.baseline())
                    .append(" | ").append(r.ratio()).append(" | ").append(r.target()).append(" | ").append(r.met())
                    .append(" | ").append(r.how()).append(" |\n");
        }
        sb.append("\n## Method and details\n\n");
        for (String d : details) {
            sb.append(d.strip().replace(work.toString(), "bench/out")).append("\n\n");
        }
        if (!jmhText.isBlank()) {
            sb.append("## JMH (in-process parts, same JVM flags)\n\n```\n").append(jmhText.strip()).append("\n```\n");
        }
        // The start-up (bench/startup) and fleet figures (bench/run --fleet) are measured apart, in that
        // order at the end of the file: keep the last ones.
        if (Files.exists(out)) {
            String previous = Files.readString(out);
            int kept = previous.indexOf(STARTUP_MARKER);
            if (kept < 0) {
                kept = previous.indexOf(FleetBench.MARKER);
            }
            if (kept >= 0) {
                sb.append('\n').append(previous.substring(kept));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, sb.toString());
        log("wrote " + out);
    }

    private String sqliteVersions() {
        String shell;
        try {
            shell = Processes.run(List.of("sqlite3", "--version"), work, work.resolve("sqlite.err"), 10).split(" ")[0];
        } catch (Exception e) {
            shell = "none";
        }
        return "sqlite3 shell " + shell + ", sqlite-jdbc " + org.sqlite.SQLiteJDBCLoader.getVersion();
    }
}
