package org.smartbox.bench.jmh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.smartbox.bench.Dataset;
import org.smartbox.pickup.Screen;
import org.smartbox.sim.SimulatedBox;

/**
 * The kiosk's decision after the final {@code #} (users shown a list of keys, no factor: no durable
 * write) against a bare prepared lookup of the same user by mobile in the same SQLite file. The
 * digits are typed before each invocation, untimed; sample mode gives the latency distribution.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    private SimulatedBox box;
    private Connection bare;
    private PreparedStatement lookup;
    private List<Dataset.Person> users;
    private int next;
    private Dataset.Person person;

    @Setup(Level.Trial)
    public void open() throws Exception {
        BenchData data = BenchData.locate();
        box = data.start();
        users = Dataset.readUsers(data.data.resolve(Dataset.probeFile(Dataset.Probe.LIST)));
        bare = DriverManager.getConnection("jdbc:sqlite:" + data.db.toAbsolutePath());
        lookup = bare.prepareStatement("SELECT id, name, mobile, technician, login2fa, key_pickups2fa,"
                + " guest_pickups2fa FROM users WHERE mobile = ?");
    }

    @Setup(Level.Invocation)
    public void typeNumber() {
        person = users.get(next++ % users.size());
        box.press(person.typed());
    }

    @TearDown(Level.Invocation)
    public void backHome() {
        if (!(box.kiosk().loop().state().screen() instanceof Screen.Home)) {
            box.press("*");
        }
    }

    @Benchmark
    public Object decision() {
        box.press("#");
        return box.kiosk().loop().state();
    }

    @Benchmark
    public long bareLookup() throws SQLException {
        lookup.setString(1, person.mobile());
        long sum = 0;
        try (ResultSet rs = lookup.executeQuery()) {
            while (rs.next()) {
                sum += rs.getString(1).length() + rs.getString(2).length() + rs.getString(3).length() + rs.getInt(4)
                        + rs.getInt(5) + rs.getInt(6) + rs.getInt(7);
            }
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        lookup.close();
        bare.close();
        box.close();
    }
}
