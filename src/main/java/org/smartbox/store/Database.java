package org.smartbox.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite connection with the box's settings: WAL, {@code synchronous=FULL} (a committed pickup
 * survives a power cut), foreign keys on. Migrations run at open. Not thread-safe: one thread owns
 * a Database (the kiosk loop); another thread opens its own.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** The schema this software writes. */
    public static final int SCHEMA_VERSION = Migrations.latest();
    /** Page cache for bulk work, in KiB (SQLite's default is 2 MB). */
    static final int BULK_CACHE_KIB = 16 * 1024;

    /** One unit of work against the database. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private int depth;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens an existing database file; for tools that must not create one by mistake. */
    public static Database openExisting(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": no such database file");
        }
        return open(file);
    }

    /** Opens (creating if needed) and migrates the database file. */
    public static Database open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new StoreException(file + ": cannot create the folder for the database: " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5000);
        // Write-lock at BEGIN: read-then-write (the audit chain's tail) stays safe across processes.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection connection;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot open the database: " + describe(e), e);
        }
        Database db = new Database(file, connection);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    public Path file() {
        return file;
    }

    /** A prepared statement, prepared once per connection and reused: the hot paths run often. */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        statement.clearParameters();
        return statement;
    }

    /** Runs {@code work} in one transaction; nested calls join the outer one. */
    public <T> T inTransaction(Work<T> work) {
        boolean outer = depth == 0;
        try {
            if (outer) {
                connection.setAutoCommit(false);
            }
            depth++;
            T result;
            try {
                result = work.run();
            } finally {
                depth--;
            }
            if (outer) {
                connection.commit();
                connection.setAutoCommit(true);
                runAfterCommit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (outer) {
                rollbackQuietly();
            }
            throw e instanceof RuntimeException re ? re : failure("transaction failed", (SQLException) e);
        }
    }

    /** Runs {@code work} outside any explicit transaction (single statements are atomic on their own). */
    public <T> T read(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure("query failed", e);
        }
    }

    /** Runs {@code action} once the current transaction commits (at once when there is none). */
    public void afterCommit(Runnable action) {
        if (depth == 0) {
            action.run();
        } else {
            afterCommit.add(action);
        }
    }

    public int schemaVersion() {
        return read(() -> {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    /**
     * {@code PRAGMA integrity_check}: "ok", or the first problems SQLite found. It compares every
     * index with its table, page by page in no order: with the bulk cache it takes about a third
     * less time on a large site.
     */
    public String integrityCheck() {
        return withBulkCache(() -> read(() -> {
            StringBuilder sb = new StringBuilder();
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA integrity_check(10)")) {
                while (rs.next()) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(rs.getString(1));
                }
            }
            return sb.toString();
        }));
    }

    /**
     * Runs {@code job} with {@link #BULK_CACHE_KIB} of page cache instead of SQLite's 2 MB, then
     * goes back: for work that touches most of a large file in no order (a snapshot's inserts, an
     * integrity check). The cache holds at most the pages read, so a small file costs no more.
     */
    public <T> T withBulkCache(Supplier<T> job) {
        long before = read(() -> {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA cache_size")) {
                return rs.next() ? rs.getLong(1) : -2000L;
            }
        });
        execute("PRAGMA cache_size = -" + BULK_CACHE_KIB);
        try {
            return job.get();
        } finally {
            execute("PRAGMA cache_size = " + before);
        }
    }

    /** Runs raw SQL: for tests and maintenance, never with data from outside. */
    public void execute(String sql) {
        read(() -> {
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
    }

    public StoreException failure(String what, SQLException e) {
        return new StoreException(file + ": " + what + ": " + describe(e), e);
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("closing a statement failed", e);
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("{}: closing the database failed: {}", file, e.getMessage());
        }
    }

    private void migrate() {
        int current = schemaVersion();
        if (current > Migrations.latest()) {
            throw new StoreException(file + ": database schema " + current + " is newer than this software ("
                    + Migrations.latest() + "); install a newer version");
        }
        for (Migrations.Migration migration : Migrations.ALL) {
            if (migration.version() <= current) {
                continue;
            }
            inTransaction(() -> {
                try (Statement st = connection.createStatement()) {
                    for (String sql : migration.statements()) {
                        st.execute(sql);
                    }
                    st.execute("PRAGMA user_version = " + migration.version());
                }
                return null;
            });
            LOG.info("{}: schema migrated to {} ({})", file, migration.version(), migration.description());
        }
    }

    private void runAfterCommit() {
        List<Runnable> actions = new ArrayList<>(afterCommit);
        afterCommit.clear();
        actions.forEach(Runnable::run);
    }

    private void rollbackQuietly() {
        afterCommit.clear();
        // SQLite may already have rolled back by itself (SQLITE_FULL does): then rollback fails, and
        // the connection must still be put back in auto-commit, or every later transaction breaks.
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("{}: rollback: {}", file, e.getMessage());
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("{}: back to auto-commit: {}", file, e.getMessage());
        }
    }

    private static String describe(SQLException e) {
        String sentence = StoreFault.of(e).description();
        if (sentence != null) {
            return sentence;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
