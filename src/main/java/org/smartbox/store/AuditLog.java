package org.smartbox.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.audit.BoxEvents;
import org.smartbox.auth.BoxKeys;
import org.smartbox.auth.BoxSecret;
import org.smartbox.auth.KeyedHash;
import org.smartbox.text.Counted;

/**
 * The append-only audit log (SPEC §9), chained and anchored under the box secret's key
 * ({@link AuditChain}). Every entry also goes to the outbox, from which sync uploads it at least once.
 */
public final class AuditLog {

    /** The meta row an older database gets at migration 3: the last entry of its unkeyed chain. */
    static final String UNKEYED_UNTIL = "audit_unkeyed_until";
    private static final JsonFactory JSON = new JsonFactory();

    private final Database db;
    /** Null for a reader: it lists and uploads, but neither appends nor verifies. */
    private final AuditChain chain;
    private final List<Consumer<AuditRecord>> listeners = new CopyOnWriteArrayList<>();
    /** Set once a committed transaction found the chain keyed; until then each append looks. */
    private boolean keyed;

    /** The log as the box writes and checks it, under its secret's audit-chain key. */
    public AuditLog(Database db, KeyedHash chainKey) {
        this.db = db;
        this.chain = new AuditChain(chainKey);
    }

    /**
     * The log of {@code db} keyed by the box secret in {@code secretFile}, for the shell's checks
     * ({@code audit --verify}, {@code diag}): the secret is read, never made, and must be the one the
     * database was made with (else every MAC would fail and blame entry 0).
     */
    public static AuditLog withSecretFile(Database db, Path secretFile) {
        BoxKeys keys;
        try {
            keys = BoxKeys.from(BoxSecret.load(secretFile), new SecureRandom());
        } catch (NoSuchFileException e) {
            throw new StoreException(secretFile + ": the box secret is missing; the keyed audit chain cannot be"
                    + " checked without it (restore it from this box's backup)");
        } catch (IOException e) {
            throw new StoreException(secretFile + ": box secret: " + e.getMessage(), e);
        }
        Optional<String> check = BoxStore.secretCheck(db);
        if (check.isPresent() && !BoxStore.secretMatches(check.get(), keys)) {
            throw new StoreException(secretFile + " is not the secret " + db.file() + " was made with; the keyed"
                    + " audit chain cannot be checked with it");
        }
        return new AuditLog(db, keys.auditChain());
    }

    /** A reader without the key: lists entries and serves the outbox; appending or verifying needs the key. */
    public AuditLog(Database db) {
        this.db = db;
        this.chain = null;
    }

    /** Called with every entry once it is committed (the simulator prints it; the uplink wakes). */
    public void onAppend(Consumer<AuditRecord> listener) {
        listeners.add(listener);
    }

    /**
     * Appends an event, in the caller's transaction if there is one. The chain's tail is read inside
     * the (immediate, write-locked) transaction every time, so another process appending to the same
     * file, such as {@code smartbox import} beside the running service, cannot fork the chain.
     */
    public AuditRecord append(AuditEvent event, Instant at) {
        if (event.type() == AuditType.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN stands for a stored type this version does not know");
        }
        String fields = fieldsJson(event.fields());
        return db.inTransaction(() -> {
            startKeyedChain(at);
            Written row = appendRow(event.type().name(), fields, at);
            AuditRecord record = new AuditRecord(row.seq(), at, event, row.hash());
            db.afterCommit(() -> listeners.forEach(l -> l.accept(record)));
            return record;
        });
    }

    /** A row just written: its sequence number and chain hash. */
    record Written(long seq, byte[] hash) {
    }

    /**
     * Writes one chained row of any type name and its outbox entry, in the caller's transaction:
     * the tail is read inside it. Package-private: tests write rows of types this version lacks.
     */
    Written appendRow(String type, String fields, Instant at) throws SQLException {
        AuditChain keyedChain = requireKey();
        long lastSeq = -1;
        byte[] previous = AuditChain.GENESIS;
        try (ResultSet rs = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").executeQuery()) {
            if (rs.next()) {
                lastSeq = rs.getLong(1);
                previous = rs.getBytes(2);
            }
        }
        long seq = lastSeq + 1;
        String when = at.toString();
        byte[] hash = keyedChain.entryMac(previous, seq, when, type, fields);
        PreparedStatement insert = db.prepare(
                "INSERT INTO audit (seq, at, type, fields, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)");
        insert.setLong(1, seq);
        insert.setString(2, when);
        insert.setString(3, type);
        insert.setString(4, fields);
        insert.setBytes(5, previous);
        insert.setBytes(6, hash);
        insert.executeUpdate();
        PreparedStatement outbox = db.prepare("INSERT INTO outbox (seq) VALUES (?)");
        outbox.setLong(1, seq);
        outbox.executeUpdate();
        keyedChain.anchor(db, seq, hash);
        return new Written(seq, hash);
    }

    /** Entries from {@code fromSeq} on, oldest first, at most {@code limit}. */
    public List<AuditRecord> list(long fromSeq, int limit) {
        return db.read(() -> {
            PreparedStatement query = db.prepare(
                    "SELECT seq, at, type, fields, hash FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?");
            query.setLong(1, fromSeq);
            query.setInt(2, limit);
            return records(query);
        });
    }

    /** The result of walking the whole chain; {@code firstBrokenSeq} is -1 when no one entry is to blame. */
    public record Verification(boolean intact, long entries, long firstBrokenSeq, String problem) {

        /** One line for {@code smartbox audit --verify} and {@code diag}: the first bad entry, a cut tail, a guard. */
        public String describe() {
            if (intact) {
                return Counted.of(entries, "entry", "entries") + " verified, keyed and anchored";
            }
            return (firstBrokenSeq >= 0 ? "broken at entry " + firstBrokenSeq + ": " : "broken: ") + problem
                    + " (" + Counted.of(entries, "entry", "entries") + " before it " + (entries == 1 ? "verifies)" : "verify)");
        }
    }

    /**
     * Recomputes every MAC from the start under the key, then checks the anchored head and the
     * append-only guards; reports the first entry that does not fit, or a cut tail, or a dropped guard.
     */
    public Verification verify() {
        AuditChain.Result result = requireKey().verify(db);
        return new Verification(result.intact(), result.entries(), result.firstBrokenSeq(), result.problem());
    }

    /**
     * Re-chains a log written by an older version (plain SHA-256, no key) under the key, once, from
     * its oldest entry, and audits {@code AUDIT_CHAIN_KEYED} as the point the keyed chain starts;
     * nothing when the chain is keyed already. Run by the first append, and by {@code audit --verify}
     * and {@code diag} before they verify.
     */
    public void startKeyedChain(Instant at) {
        if (keyed) {
            return;
        }
        AuditChain keyedChain = requireKey();
        db.inTransaction(() -> {
            Optional<Long> until = LegacyChain.unkeyedUntil(db);
            if (until.isPresent()) {
                String legacy = LegacyChain.rechain(db, keyedChain, until.get());
                AuditEvent event = BoxEvents.chainKeyed(until.get() + 1, legacy);
                Written row = appendRow(event.type().name(), fieldsJson(event.fields()), at);
                AuditRecord record = new AuditRecord(row.seq(), at, event, row.hash());
                db.afterCommit(() -> listeners.forEach(l -> l.accept(record)));
            }
            db.afterCommit(() -> keyed = true);
            return null;
        });
    }

    private AuditChain requireKey() {
        if (chain == null) {
            throw new IllegalStateException("the audit chain needs the box secret's key");
        }
        return chain;
    }

    public long size() {
        return db.read(() -> {
            try (ResultSet rs = db.prepare("SELECT COUNT(*) FROM audit").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The newest entry's sequence number; -1 while the log is empty. */
    public long newestSeq() {
        return db.read(() -> {
            try (ResultSet rs = db.prepare("SELECT MAX(seq) FROM audit").executeQuery()) {
                if (rs.next()) {
                    long seq = rs.getLong(1);
                    return rs.wasNull() ? -1L : seq;
                }
                return -1L;
            }
        });
    }

    /** How many entries wait for upload. */
    public long outboxBacklog() {
        return db.read(() -> {
            try (ResultSet rs = db.prepare("SELECT COUNT(*) FROM outbox").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The oldest entries waiting for upload, in order. */
    public List<AuditRecord> outboxBatch(int limit) {
        return db.read(() -> {
            PreparedStatement query = db.prepare("SELECT a.seq, a.at, a.type, a.fields, a.hash FROM outbox o"
                    + " JOIN audit a ON a.seq = o.seq ORDER BY o.seq LIMIT ?");
            query.setInt(1, limit);
            return records(query);
        });
    }

    /** The broker has these entries: they leave the outbox (never the log). */
    public void acknowledge(List<Long> seqs) {
        db.inTransaction(() -> {
            PreparedStatement delete = db.prepare("DELETE FROM outbox WHERE seq = ?");
            for (long seq : seqs) {
                delete.setLong(1, seq);
                delete.addBatch();
            }
            delete.executeBatch();
            return null;
        });
    }

    private List<AuditRecord> records(PreparedStatement query) throws SQLException {
        List<AuditRecord> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Map<String, String> fields = parseFields(rs.getString(4));
                String type = rs.getString(3);
                AuditEvent event = new AuditEvent(knownType(type), fields);
                out.add(new AuditRecord(rs.getLong(1), Instant.parse(rs.getString(2)), event, rs.getBytes(5), type));
            }
        }
        return out;
    }

    /** The type a row names, or UNKNOWN for one this version does not know (a newer version wrote it). */
    private static AuditType knownType(String stored) {
        try {
            return AuditType.valueOf(stored);
        } catch (IllegalArgumentException e) {
            return AuditType.UNKNOWN;
        }
    }

    /**
     * The fields as a JSON object of strings, in their order, in exactly the bytes Jackson's
     * ObjectMapper writes for such a map (tested over every UTF-16 unit), written by hand: this runs
     * for every entry on the kiosk's thread, and building it with Jackson cost as much as the hash.
     */
    static String fieldsJson(Map<String, String> fields) {
        StringBuilder json = new StringBuilder(16 + 24 * fields.size()).append('{');
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, field.getKey()).append(':');
            quote(json, field.getValue());
        }
        return json.append('}').toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson writes it: quote and backslash escaped, control characters as short or hex escapes. */
    private static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20) {
                out.append(c);
            } else {
                switch (c) {
                    case '\b' -> out.append("\\b");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\f' -> out.append("\\f");
                    case '\r' -> out.append("\\r");
                    default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            }
        }
        return out.append('"');
    }

    static Map<String, String> parseFields(String text) throws SQLException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new SQLException("audit fields are not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                if (json.nextToken() != JsonToken.VALUE_STRING) {
                    throw new SQLException("audit field " + name + " is not a string");
                }
                fields.put(name, json.getText());
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new SQLException("audit fields are not one JSON object");
            }
        } catch (IOException e) {
            throw new SQLException("audit fields are not valid JSON", e);
        }
        return fields;
    }

}
