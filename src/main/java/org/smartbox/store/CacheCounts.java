package org.smartbox.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.smartbox.text.Counted;

/** How many rows the cache and the audit log hold, for status and diagnostics. */
public record CacheCounts(int users, int keys, int accesses, int auditEntries) {

    /** Counts in the caller's read; the table names are fixed here, never taken from input. */
    static CacheCounts query(Database db) throws SQLException {
        return new CacheCounts(count(db, "users"), count(db, "keys"), count(db, "accesses"), count(db, "audit"));
    }

    private static int count(Database db, String table) throws SQLException {
        try (ResultSet rs = db.prepare("SELECT COUNT(*) FROM " + table).executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** "3 users, 5 keys, 2 accesses" */
    public String describeCache() {
        return Counted.of(users, "user") + ", " + Counted.of(keys, "key") + ", " + Counted.of(accesses, "access");
    }
}
