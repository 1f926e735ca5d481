package org.smartbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.fleet.FleetLink;
import org.smartbox.fleet.FleetPorts;
import org.smartbox.fleet.KioskAccess;
import org.smartbox.fleet.MosquittoBroker;
import org.smartbox.fleet.Payloads;
import org.smartbox.fleet.Topics;
import org.smartbox.kiosk.Kiosk;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.SimulatedBox;
import org.smartbox.sim.Simulator;
import org.smartbox.store.AuditRecord;

/**
 * The fleet figures of {@code bench/RESULTS.md} (issue 17): a thousand boxes' fleet links in one
 * JVM, each a real simulated box on its own SQLite file, against a local Mosquitto, and the same
 * number of bare Paho MQTT 5 clients doing the same work (answer a delta, publish events, come back
 * after a broker restart) as the baseline, measured before and after the boxes. Three figures: the
 * time from publishing a delta to each box until its answer (p50, p99, and until every box
 * answered), the event ingest rate with every box publishing at once, and the reconnect storm after
 * a broker restart (time until all are back, peak connects per second).
 *
 * <p>{@code bench/run --fleet [--boxes N]}; {@code FleetBenchSmokeIT} runs it with a few boxes.
 */
public final class FleetBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Marks the fleet section of RESULTS.md, which {@link Bench} keeps when it rewrites the rest. */
    public static final String MARKER = "<!-- fleet section: bench/run --fleet -->";

    /** One row of the fleet table. */
    public record Row(String figure, String value, String baseline, String ratio, String notes) {
    }

    private final int boxes;
    private final int eventsPerBox;
    private final Path work;
    private final Path out;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    public FleetBench(int boxes, int eventsPerBox, Path work, Path out) {
        this.boxes = boxes;
        this.eventsPerBox = eventsPerBox;
        this.work = work;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int boxes = 1000;
        int events = 20;
        Path work = Path.of("bench/out/fleet");
        Path out = Path.of("bench/RESULTS.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--boxes" -> boxes = Integer.parseInt(args[++i]);
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new FleetBench(boxes, events, work, out).runAll();
        System.exit(0);
    }

    /** What one measurement of one fleet gave. */
    record Measured(Stats delta, double allAnswered, double ingestRate, long eventsSeen, double allBack,
                    int peakPerSecond, double setup) {
    }

    /** Runs baseline, boxes, baseline; writes the fleet section; returns its rows. */
    public List<Row> runAll() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(work);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        Measured bareBefore = measure(new BareFleet(boxes), "bare-before");
        Measured boxesMeasured = measure(new BoxFleet(boxes, work.resolve("boxes")), "boxes");
        Measured bareAfter = measure(new BareFleet(boxes), "bare-after");
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
        report(bareBefore, boxesMeasured, bareAfter);
        write(loadBefore, loadAfter, (System.nanoTime() - started) / 1e9);
        return rows;
    }

    private Measured measure(Fleet fleet, String name) throws Exception {
        Path dir = work.resolve("broker-" + name);
        deleteTree(dir);
        log("starting " + fleet.describe());
        try (MosquittoBroker broker = MosquittoBroker.start(dir)) {
            long t = System.nanoTime();
            fleet.start(broker.url());
            awaitAll(fleet, "connected", 600);
            double setup = (System.nanoTime() - t) / 1e9;
            log(String.format(Locale.ROOT, "%s: %d connected in %.1f s", name, boxes, setup));
            Stats delta;
            double allAnswered;
            try (Cloud cloud = new Cloud(broker.url())) {
                double[] latencies = cloud.deltaToEvery(fleet);
                delta = Stats.of(latencies);
                allAnswered = cloud.lastAnswer;
            }
            double rate;
            long seen;
            try (Consumer consumer = new Consumer(broker.url(), fleet)) {
                long expected = (long) boxes * eventsPerBox;
                long t0 = System.nanoTime();
                fleet.publishEvents(eventsPerBox);
                seen = consumer.await(expected, 600);
                rate = seen / ((consumer.lastNanos - t0) / 1e9);
            }
            double allBack;
            int peak;
            long down = System.nanoTime();
            broker.stop();
            awaitNone(fleet, 120);
            log(String.format(Locale.ROOT, "%s: all %d saw the broker go in %.1f s", name, boxes,
                    (System.nanoTime() - down) / 1e9));
            broker.start();
            long up = System.nanoTime();
            double[] back = awaitAll(fleet, "back", 900);
            allBack = Arrays.stream(back).max().orElse(0) - up / 1e9;
            peak = peakPerSecond(back);
            Measured m = new Measured(delta, allAnswered, rate, seen, allBack, peak, setup);
            log(name + ": " + m);
            fleet.close();
            return m;
        } finally {
            fleet.close();
        }
    }

    // ---------------------------------------------------------------- fleets

    /** A thousand of something that talks to the broker as a box. */
    interface Fleet extends AutoCloseable {
        String describe();

        String id(int i);

        void start(String url) throws Exception;

        boolean connected(int i);

        /** Every box publishes {@code count} events, all at once. */
        void publishEvents(int count) throws Exception;

        @Override
        void close();
    }

    /** The real thing: each a simulated box on its own database, with its fleet link. */
    private static final class BoxFleet implements Fleet {
        private final int n;
        private final Path dir;
        private final List<SimulatedBox> sims = new ArrayList<>();
        private final List<FleetLink> links = new ArrayList<>();

        BoxFleet(int n, Path dir) {
            this.n = n;
            this.dir = dir;
        }

        @Override
        public String describe() {
            return n + " boxes (simulated box + fleet link, SQLite file each)";
        }

        @Override
        public String id(int i) {
            return String.format(Locale.ROOT, "SB-%04d", i);
        }

        private DeviceConfig config(String id, String url) {
            String text = "box.id=" + id + "\nbox.slots=12\nsms.gateways=sim\nmqtt.broker=" + url + "\n";
            return DeviceConfig.from(ConfigFile.parse("fleet-bench.properties",
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        }

        @Override
        public void start(String url) throws Exception {
            deleteTree(dir);
            Files.createDirectories(dir);
            // One box made the slow way (schema, demo data, secret), copied for the rest.
            Path template = dir.resolve("template.db");
            DeviceConfig templateConfig = config("SB-TEMPLATE", url);
            SimulatedBox made = Simulator.start(options(templateConfig, template), quiet());
            made.close();
            Path secret = templateConfig.box().secretPath(template);
            ExecutorService starters = Executors.newFixedThreadPool(8);
            List<Future<Object[]>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = id(i);
                started.add(starters.submit(() -> {
                    DeviceConfig config = config(id, url);
                    Path db = dir.resolve(id + ".db");
                    Files.copy(template, db, StandardCopyOption.REPLACE_EXISTING);
                    Files.copy(secret, config.box().secretPath(db), StandardCopyOption.REPLACE_EXISTING);
                    FleetLink link = FleetLink.create(config.mqtt().orElseThrow(), id, "bench", "fleet-bench");
                    SimulatedBox sim = Simulator.start(options(config, db), quiet());
                    synchronized (sim) {
                        sim.begin();
                    }
                    link.start(FleetPorts.of(sim.kiosk().data(), sim.kiosk().grants(), sim.kiosk().clock(), direct(sim)));
                    return new Object[] {sim, link};
                }));
            }
            for (Future<Object[]> f : started) {
                Object[] pair = f.get();
                sims.add((SimulatedBox) pair[0]);
                links.add((FleetLink) pair[1]);
            }
            starters.shutdown();
        }

        private static Simulator.Options options(DeviceConfig config, Path db) {
            return new Simulator.Options(config.box(), db, Optional.empty(), Instant.parse("2026-11-28T12:00:00Z"),
                    () -> demoData(config.box().boxId()), kind -> {
                        throw new IllegalArgumentException(kind);
                    }, () -> "simulated", at -> List.of(), new SecureRandom(), "bench");
        }

        /** The kiosk's work runs on the calling thread, one at a time per box (nothing else drives it here). */
        private static KioskAccess direct(SimulatedBox sim) {
            return new KioskAccess() {
                @Override
                public <T> CompletableFuture<T> call(Supplier<T> work) {
                    synchronized (sim) {
                        try {
                            T result = work.get();
                            sim.kiosk().loop().drain();
                            return CompletableFuture.completedFuture(result);
                        } catch (RuntimeException e) {
                            return CompletableFuture.failedFuture(e);
                        }
                    }
                }
            };
        }

        @Override
        public boolean connected(int i) {
            return links.get(i).connected();
        }

        @Override
        public void publishEvents(int count) {
            for (SimulatedBox sim : sims) {
                synchronized (sim) {
                    Kiosk kiosk = sim.kiosk();
                    kiosk.data().database().inTransaction(() -> {
                        for (int e = 0; e < count; e++) {
                            kiosk.data().audit().append(AuditEvent.of(AuditType.DIAG, "bench", e), sim.clock().now().wall());
                        }
                        return null;
                    });
                }
            }
        }

        @Override
        public void close() {
            ExecutorService closer = Executors.newFixedThreadPool(64);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < links.size(); i++) {
                FleetLink link = links.get(i);
                SimulatedBox sim = sims.get(i);
                done.add(closer.submit(() -> {
                    link.stopIntake();
                    synchronized (sim) {
                        sim.close();
                    }
                    link.close();
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (Exception e) {
                    // closing anyway
                }
            }
            closer.shutdown();
            links.clear();
            sims.clear();
        }
    }

    /** The baseline: bare Paho clients doing the box's part of the same work, no database, no checks. */
    private static final class BareFleet implements Fleet {
        private final int n;
        private final List<BenchClient> clients = new ArrayList<>();
        private final byte[] event;

        BareFleet(int n) {
            this.n = n;
            this.event = Payloads.event("BARE-0000", "0123456789abcdef", new AuditRecord(42,
                    Instant.parse("2026-11-28T12:00:05Z"), AuditEvent.of(AuditType.DIAG, "bench", 1), new byte[32]));
        }

        @Override
        public String describe() {
            return n + " bare Paho clients";
        }

        @Override
        public String id(int i) {
            return String.format(Locale.ROOT, "BARE-%04d", i);
        }

        @Override
        public void start(String url) throws Exception {
            // Paho takes about 0.3 s to start a client (its threads poll at 100 ms): connect many at once.
            ExecutorService starters = Executors.newFixedThreadPool(64);
            List<Future<BenchClient>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = id(i);
                started.add(starters.submit(() -> bare(url, id)));
            }
            for (Future<BenchClient> f : started) {
                clients.add(f.get());
            }
            starters.shutdown();
        }

        private static BenchClient bare(String url, String id) throws Exception {
            Topics topics = new Topics(id);
            BenchClient[] self = new BenchClient[1];
            BenchClient client = BenchClient.connect(url, id, true, 16, (topic, payload) -> {
                if (topic.equals(topics.sync())) {
                    // The box's part at its barest: name the document, say it is applied.
                    String sha = HexFormat.of().formatHex(sha256(payload));
                    try {
                        self[0].publish(topics.syncResult(), Payloads.applied(8, sha, false));
                    } catch (Exception e) {
                        // a lost answer shows as a missing one
                    }
                }
            });
            self[0] = client;
            client.subscribe(topics.sync(), topics.grants(), topics.smsAck());
            return client;
        }

        @Override
        public boolean connected(int i) {
            return clients.get(i).connected();
        }

        @Override
        public void publishEvents(int count) throws Exception {
            ExecutorService publishers = Executors.newFixedThreadPool(32);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                BenchClient client = clients.get(i);
                String topic = new Topics(id(i)).events();
                done.add(publishers.submit(() -> {
                    for (int e = 0; e < count; e++) {
                        client.publish(topic, event);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            publishers.shutdown();
        }

        @Override
        public void close() {
            // Paho takes a few tenths of a second to stop a client: many at once.
            ExecutorService closers = Executors.newFixedThreadPool(64);
            clients.forEach(c -> closers.submit(c::close));
            closers.shutdown();
            try {
                closers.awaitTermination(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clients.clear();
        }
    }

    // ---------------------------------------------------------------- the cloud's side

    /** Publishes a delta to every box and times each answer. */
    private final class Cloud implements AutoCloseable {
        private final BenchClient client;
        private final ConcurrentHashMap<String, Long> answered = new ConcurrentHashMap<>();
        private double lastAnswer;

        Cloud(String url) throws Exception {
            client = BenchClient.connect(url, "bench-cloud", false, 65_535, (topic, payload) ->
                    Topics.boxOf(topic).ifPresent(box -> answered.putIfAbsent(box, System.nanoTime())));
            client.subscribe(Topics.ROOT + "/+/sync/result");
        }

        double[] deltaToEvery(Fleet fleet) throws Exception {
            long[] sent = new long[boxes];
            long first = System.nanoTime();
            for (int i = 0; i < boxes; i++) {
                sent[i] = System.nanoTime();
                client.publish(new Topics(fleet.id(i)).sync(), delta(fleet.id(i)));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (answered.size() < boxes && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            if (answered.size() < boxes) {
                throw new IllegalStateException(answered.size() + " of " + boxes + " answered in 600 s");
            }
            double[] latency = new double[boxes];
            long last = 0;
            for (int i = 0; i < boxes; i++) {
                long at = answered.get(fleet.id(i));
                latency[i] = (at - sent[i]) / 1e9;
                last = Math.max(last, at);
            }
            lastAnswer = (last - first) / 1e9;
            return latency;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Counts the events of every box as a fleet consumer receives them. */
    private static final class Consumer implements AutoCloseable {
        private final BenchClient client;
        private final AtomicLong seen = new AtomicLong();
        private volatile long lastNanos;

        Consumer(String url, Fleet fleet) throws Exception {
            client = BenchClient.connect(url, "bench-consumer", false, 65_535, (topic, payload) -> {
                seen.incrementAndGet();
                lastNanos = System.nanoTime();
            });
            client.subscribe(Topics.allEvents());
            // Anything still on its way from before is not counted.
            Thread.sleep(500);
            seen.set(0);
        }

        long await(long expected, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (seen.get() < expected && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            return seen.get();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** A relabel delta (version 8 on the demo data's 7) for {@code box}. */
    private static byte[] delta(String box) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", 1).put("type", "delta").put("boxId", box).put("version", 8).put("baseVersion", 7);
        doc.putObject("upsert").putArray("keys").addObject().put("id", "k-12").put("ownerId", "u-olivia")
                .put("label", "Loft").put("slot", 12);
        return JSON.writeValueAsBytes(doc);
    }

    private static Optional<InputStream> demoData(String box) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(Path.of("device-config/demo-data.json").toFile());
            doc.put("boxId", box);
            return Optional.of(new ByteArrayInputStream(JSON.writeValueAsBytes(doc)));
        } catch (IOException e) {
            throw new IllegalStateException("the bench runs from the project folder", e);
        }
    }

    // ---------------------------------------------------------------- timing helpers

    /** Waits until every member is connected; returns when each was first seen connected (seconds). */
    private double[] awaitAll(Fleet fleet, String what, int seconds) throws InterruptedException {
        double[] at = new double[boxes];
        Arrays.fill(at, -1);
        int missing = boxes;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (missing > 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(missing + " of " + boxes + " not " + what + " after " + seconds + " s");
            }
            for (int i = 0; i < boxes; i++) {
                if (at[i] < 0 && fleet.connected(i)) {
                    at[i] = System.nanoTime() / 1e9;
                    missing--;
                }
            }
            Thread.sleep(10);
        }
        return at;
    }

    private void awaitNone(Fleet fleet, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            boolean any = false;
            for (int i = 0; i < boxes && !any; i++) {
                any = fleet.connected(i);
            }
            if (!any) {
                return;
            }
            Thread.sleep(10);
        }
    }

    /** The most that came back within any one second. */
    static int peakPerSecond(double[] at) {
        double[] sorted = at.clone();
        Arrays.sort(sorted);
        int peak = 0;
        int from = 0;
        for (int to = 0; to < sorted.length; to++) {
            while (sorted[to] - sorted[from] >= 1.0) {
                from++;
            }
            peak = Math.max(peak, to - from + 1);
        }
        return peak;
    }

    // ---------------------------------------------------------------- report

    private void report(Measured a, Measured box, Measured b) {
        double delta50 = mean(a.delta().p50(), b.delta().p50());
        double delta99 = mean(a.delta().p99(), b.delta().p99());
        rows.add(new Row("delta to every box, publish to answer (p50 / p99)",
                Stats.time(box.delta().p50()) + " / " + Stats.time(box.delta().p99()),
                "bare Paho: " + Stats.time(delta50) + " / " + Stats.time(delta99),
                Stats.ratio(box.delta().p50() / delta50) + " / " + Stats.ratio(box.delta().p99() / delta99),
                "every box answered " + Stats.time(box.allAnswered()) + " after the first publish (bare: "
                        + Stats.time(a.allAnswered()) + ", " + Stats.time(b.allAnswered()) + ")"));
        double rate = mean(a.ingestRate(), b.ingestRate());
        rows.add(new Row("event ingest, every box publishing " + eventsPerBox + " events at once",
                String.format(Locale.ROOT, "%.0f events/s", box.ingestRate()),
                String.format(Locale.ROOT, "bare Paho: %.0f events/s", rate),
                Stats.ratio(box.ingestRate() / rate) + " (figure / baseline)",
                box.eventsSeen() + " events of " + ((long) boxes * eventsPerBox) + " seen by one consumer; bare: "
                        + String.format(Locale.ROOT, "%.0f, %.0f events/s", a.ingestRate(), b.ingestRate())));
        double back = mean(a.allBack(), b.allBack());
        rows.add(new Row("reconnect storm after a broker restart: all back",
                Stats.time(box.allBack()), "bare Paho: " + Stats.time(back), Stats.ratio(box.allBack() / back),
                "bare: " + Stats.time(a.allBack()) + ", " + Stats.time(b.allBack())));
        double peak = mean(a.peakPerSecond(), b.peakPerSecond());
        rows.add(new Row("reconnect storm: peak connects in one second",
                box.peakPerSecond() + " of " + boxes, String.format(Locale.ROOT, "bare Paho: %.0f of %d", peak, boxes),
                Stats.ratio(box.peakPerSecond() / peak),
                "bare: " + a.peakPerSecond() + ", " + b.peakPerSecond()));
        details.add(String.format(Locale.ROOT, "Setup: %d boxes connected in %.1f s (made from one template"
                + " database); bare clients in %.1f s and %.1f s.", boxes, box.setup(), a.setup(), b.setup()));
    }

    private static double mean(double x, double y) {
        return (x + y) / 2;
    }

    private void write(String loadBefore, String loadAfter, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(MARKER).append("\n## Fleet: ").append(boxes).append(" boxes against one Mosquitto\n\n");
        sb.append("Written by `bench/run --fleet").append(boxes == 1000 ? "" : " --boxes " + boxes).append("` on ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)
                        .withNano(0))).append(" UTC in ").append(String.format(Locale.ROOT, "%.0f s", seconds))
                .append(" on ").append(Machine.describe()).append("; load average before ").append(loadBefore)
                .append(", after ").append(loadAfter).append("; Mosquitto ").append(mosquittoVersion())
                .append(" on 127.0.0.1, everything else in one JVM (").append(jvmFlags()).append(").\n\n");
        sb.append("The baseline: as many bare Paho MQTT 5 clients doing the box's part of the same work (answer"
                + " the delta with no database or checks, publish the same events at QoS 1, Paho's own automatic"
                + " reconnect), measured before and after the boxes; the baseline column is the mean of the two.\n\n");
        sb.append("| figure | value | baseline (same run) | ratio | notes |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.figure()).append(" | ").append(r.value()).append(" | ").append(r.baseline())
                    .append(" | ").append(r.ratio()).append(" | ").append(r.notes()).append(" |\n");
        }
        sb.append('\n');
        for (String d : details) {
            sb.append(d).append("\n\n");
        }
        String existing = Files.exists(out) ? Files.readString(out) : "";
        int at = existing.indexOf(MARKER);
        String before = at < 0 ? existing : existing.substring(0, at);
        if (!before.isEmpty() && !before.endsWith("\n\n")) {
            before = before.endsWith("\n") ? before + "\n" : before + "\n\n";
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, before + sb);
        log("wrote the fleet section of " + out);
    }

    private static String jvmFlags() {
        List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        return flags.isEmpty() ? "default flags" : "`" + String.join(" ", flags) + "`";
    }

    private static String mosquittoVersion() {
        for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto")) {
            if (Files.isExecutable(Path.of(candidate))) {
                try {
                    Process p = new ProcessBuilder(candidate, "-h").redirectErrorStream(true).start();
                    String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                            .findFirst().orElse("");
                    p.waitFor(5, TimeUnit.SECONDS);
                    return first.replace("mosquitto version ", "").strip();
                } catch (IOException | InterruptedException e) {
                    return "?";
                }
            }
        }
        return "?";
    }

    /** The simulator's protocol lines are not needed here. */
    private static ProtocolOut quiet() {
        return new ProtocolOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void log(String message) {
        System.err.println("[fleet-bench] " + message);
    }
}
