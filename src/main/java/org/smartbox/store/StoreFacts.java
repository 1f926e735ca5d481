package org.smartbox.store;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What diagnostics read from a database without the box secret: schema, cache version and age,
 * counts, outbox backlog, and where the box believes each slot's key is.
 */
public record StoreFacts(int schemaVersion, long cacheVersion, Optional<Instant> lastSync,
                         CacheCounts counts, long outboxBacklog, Map<Integer, Boolean> slotBelievedFull) {

    public static StoreFacts read(Database db) {
        return db.read(() -> {
            Map<String, String> meta = new HashMap<>();
            try (ResultSet rs = db.prepare("SELECT name, value FROM meta").executeQuery()) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
            CacheCounts counts = CacheCounts.query(db);
            long backlog;
            try (ResultSet rs = db.prepare("SELECT COUNT(*) FROM outbox").executeQuery()) {
                backlog = rs.next() ? rs.getLong(1) : 0;
            }
            Map<Integer, Boolean> slots = new HashMap<>();
            try (ResultSet rs = db.prepare("SELECT k.slot, COALESCE(s.out, 0) FROM keys k"
                    + " LEFT JOIN key_state s ON s.key_id = k.id").executeQuery()) {
                while (rs.next()) {
                    slots.put(rs.getInt(1), rs.getInt(2) == 0);
                }
            }
            return new StoreFacts(db.schemaVersion(),
                    Long.parseLong(meta.getOrDefault("cache_version", "0")),
                    Optional.ofNullable(meta.get("last_sync")).map(Instant::parse), counts, backlog, slots);
        });
    }
}
