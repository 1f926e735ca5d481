package org.smartbox.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.smartbox.pickup.Screen;
import org.smartbox.sim.SimulatedBox;

/**
 * Decision latency: the time from handing the kiosk loop the final {@code #} of a mobile number to
 * the loop having carried out every effect (display frame, latch, store writes), on the large cache
 * in a real SQLite file. Baseline: a bare prepared, indexed lookup of the same user by mobile in the
 * same file, on a connection of its own. The two alternate sample by sample (A/B, then B/A), so
 * machine noise falls on both alike.
 */
public final class DecisionLatency {

    /** Samples of one probe class, in seconds. */
    public record Result(Dataset.Probe probe, Stats decision, Stats lookup, int unexpected) {
        public double ratioP99() {
            return decision.p99() / lookup.p99();
        }

        public double ratioP50() {
            return decision.p50() / lookup.p50();
        }
    }

    private static final String LOOKUP = "SELECT id, name, mobile, technician, login2fa, key_pickups2fa,"
            + " guest_pickups2fa FROM users WHERE mobile = ?";

    private final SimulatedBox box;
    private final Connection bare;
    private final PreparedStatement lookup;
    private long sink;

    public DecisionLatency(SimulatedBox box, Path db) throws SQLException {
        this.box = box;
        this.bare = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        this.lookup = bare.prepareStatement(LOOKUP);
    }

    /**
     * Measures {@code samples} identifications of {@code users} (all of class {@code probe}) after
     * {@code warmup} untimed ones. Users are taken in turn, each once while the list lasts.
     */
    public Result measure(Dataset.Probe probe, List<Dataset.Person> users, int warmup, int samples)
            throws SQLException {
        if (users.isEmpty()) {
            throw new IllegalStateException("the dataset has no users of class " + probe);
        }
        double[] decision = new double[samples];
        double[] bareLookup = new double[samples];
        int unexpected = 0;
        for (int i = 0; i < warmup + samples; i++) {
            Dataset.Person user = users.get(i % users.size());
            box.press(user.typed());
            long d;
            long l;
            if (i % 2 == 0) {
                d = decide();
                l = lookup(user.mobile());
            } else {
                l = lookup(user.mobile());
                d = decide();
            }
            if (!expected(probe, box.kiosk().loop().state().screen())) {
                unexpected++;
            }
            reset(probe);
            if (i >= warmup) {
                decision[i - warmup] = d / 1e9;
                bareLookup[i - warmup] = l / 1e9;
            }
        }
        return new Result(probe, Stats.of(decision), Stats.of(bareLookup), unexpected);
    }

    private long decide() {
        long start = System.nanoTime();
        box.press("#");
        return System.nanoTime() - start;
    }

    private long lookup(String mobile) throws SQLException {
        long start = System.nanoTime();
        lookup.setString(1, mobile);
        try (ResultSet rs = lookup.executeQuery()) {
            while (rs.next()) {
                sink += rs.getString(1).length() + rs.getString(2).length() + rs.getString(3).length()
                        + rs.getInt(4) + rs.getInt(5) + rs.getInt(6) + rs.getInt(7);
            }
        }
        return System.nanoTime() - start;
    }

    private static boolean expected(Dataset.Probe probe, Screen screen) {
        return switch (probe) {
            case LIST -> screen instanceof Screen.Choose;
            case SINGLE -> screen instanceof Screen.Releasing;
            case CODE -> screen instanceof Screen.Verify;
        };
    }

    /** Back to the home screen, untimed. */
    private void reset(Dataset.Probe probe) {
        Screen screen = box.kiosk().loop().state().screen();
        if (screen instanceof Screen.Releasing releasing) {
            // Taken and put back: no virtual time passes (access windows stay as the dataset made them).
            box.take(releasing.item().slot());
            box.put(releasing.item().slot());
        } else if (!(screen instanceof Screen.Home)) {
            box.press("*");
        }
        if (box.kiosk().loop().state().screen() instanceof Screen.Verify) {
            box.press("*");
        }
    }

    public long sink() {
        return sink;
    }

    public void close() throws SQLException {
        lookup.close();
        bare.close();
    }

    static Optional<Dataset.Probe> probe(String name) {
        for (Dataset.Probe p : Dataset.Probe.values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
