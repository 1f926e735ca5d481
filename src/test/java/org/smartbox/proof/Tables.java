package org.smartbox.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.smartbox.store.Database;

/**
 * Byte-for-byte pictures of a database's tables: every value of every row in rowid order, written
 * by SQLite's own {@code quote()} (which keeps the storage class: 7, 7.0, '7' and X'07' all differ),
 * plus the schema and {@code user_version}, hashed so that two pictures compare cheaply. One
 * statement reads the whole picture, so a test can afford one after every document it throws.
 */
final class Tables {

    private static final Map<String, String> QUERIES = new ConcurrentHashMap<>();

    private Tables() {
    }

    static List<String> names(Database db) {
        return db.read(() -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                    .executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** A digest of the schema and of every table not in {@code except}. */
    static String digest(Database db, Set<String> except) {
        String key = String.join(",", new java.util.TreeSet<>(except));
        String sql = QUERIES.computeIfAbsent(key, k -> pictureQuery(db, except, ""));
        return hash(db, sql);
    }

    /** A digest of the rows of one table that match {@code where} (SQL after WHERE). */
    static String digestOf(Database db, String table, String where) {
        return hash(db, "SELECT " + rows(db, table, where));
    }

    private static String pictureQuery(Database db, Set<String> except, String where) {
        List<String> parts = new ArrayList<>();
        parts.add("(SELECT group_concat(type || '|' || name || '|' || quote(sql), char(10) ORDER BY type, name)"
                + " FROM sqlite_master)");
        parts.add("(SELECT 'user_version=' || user_version FROM pragma_user_version)");
        for (String table : names(db)) {
            if (!except.contains(table)) {
                parts.add("'table " + table + "'");
                parts.add(rows(db, table, where));
            }
        }
        return "SELECT " + String.join(" || char(10) || ", parts.stream().map(p -> "coalesce(" + p + ", '')").toList());
    }

    /** A subquery giving the table's rows, each value quote()d, one row per line, in rowid order. */
    private static String rows(Database db, String table, String where) {
        List<String> columns = db.read(() -> {
            List<String> out = new ArrayList<>();
            var query = db.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    out.add("quote(\"" + rs.getString(1) + "\")");
                }
            }
            return out;
        });
        return "(SELECT group_concat(" + String.join(" || '|' || ", columns) + ", char(10) ORDER BY rowid) FROM \""
                + table + "\"" + (where.isEmpty() ? "" : " WHERE " + where) + ")";
    }

    private static String hash(Database db, String sql) {
        String picture = db.read(() -> {
            try (ResultSet rs = db.prepare(sql).executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        });
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(picture.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
