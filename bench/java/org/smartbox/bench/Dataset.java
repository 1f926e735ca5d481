package org.smartbox.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The benchmark's box, made up deterministically from a seed: users with E.164 mobiles (some with
 * account codes, a few technicians), keys in slots with owners, and accesses around {@link #NOW}.
 * Written as a sync snapshot (what {@code smartbox import} reads), as CSV files of the same rows (what
 * the {@code sqlite3} baseline reads), and as lists of probe users sorted by what the box will do
 * for them. The classes follow SPEC §3-§4 (the generator knows every setting it made up).
 */
public final class Dataset {

    /** The simulated clock of every benchmark run: inside most access windows. */
    public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    public static final String BOX_ID = "SB-BENCH";
    public static final long SEED = 8;

    /** How big. {@link #LARGE} is the large site. */
    public record Size(int users, int keys, int accesses) {
        public Size {
            if (users < 10 || keys < 1 || keys > 500 || accesses < 0) {
                throw new IllegalArgumentException("users >= 10, keys 1-500, accesses >= 0");
            }
        }

        @Override
        public String toString() {
            return String.format("%,d users, %,d keys, %,d accesses", users, keys, accesses);
        }
    }

    public static final Size LARGE = new Size(50_000, 500, 200_000);
    public static final Size SMALL = new Size(2_000, 60, 8_000);

    /** What identifying a user leads to, decided by the generator from the settings it chose. */
    public enum Probe {
        /** Two or more keys to pick up, none needing a second factor: the list of keys is shown. */
        LIST,
        /** One key to pick up, no second factor: its latch is released at once. */
        SINGLE,
        /** At least one key needs a second factor: a code is sent first. */
        CODE
    }

    private static final int TECHNICIANS = 5;

    record User(String id, String name, String mobile, String accountCode, boolean technician,
                Boolean login2fa, Boolean keyPickups2fa, Boolean guestPickups2fa) {
        boolean keyPickups() {
            return keyPickups2fa == null || keyPickups2fa;
        }

        boolean guestPickups() {
            return guestPickups2fa == null || guestPickups2fa;
        }
    }

    record Key(String id, int owner, String label, int slot) {
    }

    record Access(String id, int key, int user, Instant from, Instant until, Integer maxPickups) {
        boolean validAt(Instant t) {
            return !t.isBefore(from) && t.isBefore(until);
        }
    }

    private final Size size;
    private final List<User> users = new ArrayList<>();
    private final List<Key> keys = new ArrayList<>();
    private final List<Access> accesses = new ArrayList<>();

    private Dataset(Size size) {
        this.size = size;
    }

    /** The same seed and size always give the same box. */
    public static Dataset generate(Size size, long seed) {
        Dataset d = new Dataset(size);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size.users(); i++) {
            boolean tech = i < TECHNICIANS;
            // 7919 is prime to 10^7: every user gets a different 7-digit subscriber number.
            String mobile = String.format("+1555%07d", (i * 7919L + 1_234_567L) % 10_000_000L);
            // 104729 is prime to 9*10^7: unique 8-digit codes for every fourth user.
            String code = i % 4 == 1 ? Long.toString(10_000_000L + (i * 104_729L) % 90_000_000L) : null;
            boolean explicit = random.nextInt(5) != 0;   // a fifth send no security block: all on
            d.users.add(new User(String.format("u-%05d", i), "Bench User " + i, mobile, code, tech,
                    explicit ? random.nextInt(10) != 0 : null,
                    explicit ? random.nextBoolean() : null,
                    explicit ? random.nextBoolean() : null));
        }
        // Owners come from a pool of about 60% of the key count, so some own two or more keys.
        int owners = Math.max(1, size.keys() * 3 / 5);
        for (int k = 0; k < size.keys(); k++) {
            int owner = TECHNICIANS + random.nextInt(Math.min(owners, size.users() - TECHNICIANS));
            d.keys.add(new Key(String.format("k-%03d", k), owner, "Unit " + (k + 1), k + 1));
        }
        for (int a = 0; a < size.accesses(); a++) {
            int user = TECHNICIANS + random.nextInt(size.users() - TECHNICIANS);
            int key = random.nextInt(size.keys());
            int kind = random.nextInt(20);
            Instant from;
            Instant until;
            if (kind < 15) {          // 75%: valid now
                from = NOW.minus(Duration.ofHours(1 + random.nextInt(24 * 10)));
                until = NOW.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
            } else if (kind < 18) {   // 15%: over
                until = NOW.minus(Duration.ofHours(1 + random.nextInt(24 * 30)));
                from = until.minus(Duration.ofDays(1 + random.nextInt(10)));
            } else {                  // 10%: not yet
                from = NOW.plus(Duration.ofHours(1 + random.nextInt(24 * 30)));
                until = from.plus(Duration.ofDays(1 + random.nextInt(10)));
            }
            Integer max = random.nextInt(5) < 3 ? null : 1 + random.nextInt(5);
            d.accesses.add(new Access(String.format("a-%06d", a), key, user, from, until, max));
        }
        return d;
    }

    public Size size() {
        return size;
    }

    /** The national (10-digit) number a person types for user {@code index}. */
    public String typedMobile(int index) {
        return users.get(index).mobile().substring(2);
    }

    public String mobile(int index) {
        return users.get(index).mobile();
    }

    public String userId(int index) {
        return users.get(index).id();
    }

    /**
     * The users (by index) for whom identification leads to {@code probe}, in a deterministic
     * shuffled order so consecutive probes hit different parts of the index.
     */
    public List<Integer> probes(Probe probe) {
        List<List<Integer>> owned = new ArrayList<>();
        List<List<Integer>> accessible = new ArrayList<>();
        for (int i = 0; i < size.users(); i++) {
            owned.add(new ArrayList<>());
            accessible.add(new ArrayList<>());
        }
        for (int k = 0; k < keys.size(); k++) {
            owned.get(keys.get(k).owner()).add(k);
        }
        for (Access a : accesses) {
            // At the start no pickups are used yet, so an access valid now is usable.
            if (a.validAt(NOW)) {
                accessible.get(a.user()).add(a.key());
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = TECHNICIANS; i < size.users(); i++) {
            User u = users.get(i);
            TreeSet<Integer> slots = new TreeSet<>();
            boolean factor = false;
            for (int k : owned.get(i)) {
                slots.add(k);
                factor |= u.keyPickups();
            }
            for (int k : accessible.get(i)) {
                if (slots.add(k)) {
                    factor |= users.get(keys.get(k).owner()).guestPickups();
                }
            }
            Probe kind = slots.isEmpty() ? null : factor ? Probe.CODE : slots.size() == 1 ? Probe.SINGLE : Probe.LIST;
            if (kind == probe) {
                out.add(i);
            }
        }
        java.util.Collections.shuffle(out, new java.util.Random(SEED + probe.ordinal()));
        return out;
    }

    /** Users with anything to pick up, whatever the factor, shuffled: the round trip's 1,000 pickups. */
    public List<Integer> pickers() {
        List<Integer> out = new ArrayList<>();
        for (Probe p : Probe.values()) {
            out.addAll(probes(p));
        }
        java.util.Collections.shuffle(out, new java.util.Random(SEED * 31));
        return out;
    }

    /**
     * Writes the snapshot ({@code snapshot.json}), the CSV files ({@code users.csv} ...) and the probe
     * lists ({@code probes-list.txt}, ..., {@code pickers.txt}: one user a line, typed number and
     * E.164 number) into {@code dir}.
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeSnapshot(dir.resolve("snapshot.json"));
        writeCsv(dir);
        for (Probe p : Probe.values()) {
            writeUsers(dir.resolve(probeFile(p)), probes(p));
        }
        writeUsers(dir.resolve("pickers.txt"), pickers());
    }

    public static String probeFile(Probe p) {
        return "probes-" + p.name().toLowerCase(java.util.Locale.ROOT) + ".txt";
    }

    /** A user as a probe file holds it: what is typed, and the number the box looks up. */
    public record Person(String typed, String mobile) {
    }

    public static List<Person> readUsers(Path file) throws IOException {
        List<Person> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ");
            if (f.length == 2) {
                out.add(new Person(f[0], f[1]));
            }
        }
        return out;
    }

    private void writeUsers(Path file, List<Integer> indexes) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i : indexes) {
                w.write(typedMobile(i) + " " + mobile(i) + "\n");
            }
        }
    }

    private void writeSnapshot(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"schema\":1,\"type\":\"snapshot\",\"boxId\":\"" + BOX_ID + "\",\"version\":1,\n\"users\":[");
            for (int i = 0; i < users.size(); i++) {
                User u = users.get(i);
                StringBuilder sb = new StringBuilder(i == 0 ? "\n" : ",\n");
                sb.append("{\"id\":\"").append(u.id()).append("\",\"name\":\"").append(u.name())
                        .append("\",\"mobile\":\"").append(u.mobile()).append('"');
                if (u.accountCode() != null) {
                    sb.append(",\"accountCode\":\"").append(u.accountCode()).append('"');
                }
                if (u.technician()) {
                    sb.append(",\"technician\":true");
                }
                if (u.login2fa() != null) {
                    sb.append(",\"security\":{\"login2fa\":").append(u.login2fa()).append(",\"keyPickups2fa\":")
                            .append(u.keyPickups2fa()).append(",\"guestPickups2fa\":").append(u.guestPickups2fa())
                            .append('}');
                }
                w.write(sb.append('}').toString());
            }
            w.write("],\n\"keys\":[");
            for (int k = 0; k < keys.size(); k++) {
                Key key = keys.get(k);
                w.write((k == 0 ? "\n" : ",\n") + "{\"id\":\"" + key.id() + "\",\"ownerId\":\""
                        + users.get(key.owner()).id() + "\",\"label\":\"" + key.label() + "\",\"slot\":" + key.slot() + "}");
            }
            w.write("],\n\"accesses\":[");
            for (int a = 0; a < accesses.size(); a++) {
                Access x = accesses.get(a);
                w.write((a == 0 ? "\n" : ",\n") + "{\"id\":\"" + x.id() + "\",\"keyId\":\"" + keys.get(x.key()).id()
                        + "\",\"userId\":\"" + users.get(x.user()).id() + "\",\"validFrom\":\"" + x.from()
                        + "\",\"validUntil\":\"" + x.until() + "\""
                        + (x.maxPickups() == null ? "" : ",\"maxPickups\":" + x.maxPickups()) + "}");
            }
            w.write("\n]}\n");
        }
    }

    /**
     * The same rows as CSV with a header line, in the columns of the box's tables. Account codes are
     * in clear, as in the snapshot: the baseline hashes them itself, as {@code smartbox import} does.
     * Absent values are empty fields.
     */
    private void writeCsv(Path dir) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("users.csv"), StandardCharsets.UTF_8)) {
            w.write("id,name,mobile,account_code,technician,login2fa,key_pickups2fa,guest_pickups2fa\n");
            for (User u : users) {
                w.write(u.id() + "," + u.name() + "," + u.mobile() + "," + (u.accountCode() == null ? "" : u.accountCode())
                        + "," + bit(u.technician()) + "," + bit(u.login2fa() == null || u.login2fa()) + ","
                        + bit(u.keyPickups()) + "," + bit(u.guestPickups()) + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("keys.csv"), StandardCharsets.UTF_8)) {
            w.write("id,owner_id,label,slot\n");
            for (Key k : keys) {
                w.write(k.id() + "," + users.get(k.owner()).id() + "," + k.label() + "," + k.slot() + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("accesses.csv"), StandardCharsets.UTF_8)) {
            w.write("id,key_id,user_id,valid_from,valid_until,max_pickups\n");
            for (Access a : accesses) {
                w.write(a.id() + "," + keys.get(a.key()).id() + "," + users.get(a.user()).id() + ","
                        + a.from().toEpochMilli() + "," + a.until().toEpochMilli() + ","
                        + (a.maxPickups() == null ? "" : a.maxPickups()) + "\n");
            }
        }
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    /** What {@link #write} wrote, for the record. */
    public String describe() {
        return size + "; users identified lead to: a list (no factor) " + probes(Probe.LIST).size()
                + ", one key (no factor) " + probes(Probe.SINGLE).size() + ", a code " + probes(Probe.CODE).size();
    }

    /** {@code Dataset DIR [large|small]}: writes the dataset's files. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Dataset DIR [large|small]");
            System.exit(2);
        }
        Size size = args.length > 1 && args[1].equals("small") ? SMALL : LARGE;
        Dataset d = generate(size, SEED);
        d.write(Path.of(args[0]));
        System.out.println("wrote " + d.describe() + " to " + args[0]);
    }
}
