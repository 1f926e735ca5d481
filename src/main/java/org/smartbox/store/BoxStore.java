package org.smartbox.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Optional;
import org.smartbox.auth.BoxKeys;

/**
 * The box's database, by aggregate: the people ({@link UserTable}), the keys with where they are and
 * who may take them ({@link KeyTable}), what makes a code work once ({@link CodeLedger}) and the box's
 * own state ({@link BoxState}). Opening it refuses a database made under another box secret. All SQL
 * for these tables lives in those four classes and the sync's {@link SyncApplier}.
 */
public final class BoxStore {

    private final Database db;
    private final BoxKeys keys;
    private final UserTable users;
    private final KeyTable keyTable;
    private final CodeLedger ledger;
    private final BoxState state;

    public BoxStore(Database db, BoxKeys keys) {
        this.db = db;
        this.keys = keys;
        this.users = new UserTable(db, keys);
        this.state = new BoxState(db);
        this.keyTable = new KeyTable(db, state);
        this.ledger = new CodeLedger(db);
        checkSecret();
    }

    public Database database() {
        return db;
    }

    public UserTable users() {
        return users;
    }

    public KeyTable keys() {
        return keyTable;
    }

    public CodeLedger ledger() {
        return ledger;
    }

    public BoxState state() {
        return state;
    }

    /**
     * Refuses a database made under another box secret: its account-code hashes and app secrets
     * would silently stop working. The check value is a keyed hash, not the secret.
     */
    private void checkSecret() {
        String expected = HexFormat.of().formatHex(keys.check());
        Optional<String> stored = secretCheck(db);
        if (stored.isEmpty()) {
            state.setMeta("secret_check", expected);
        } else if (!secretMatches(stored.get(), keys)) {
            throw new StoreException(db.file() + ": this database was made with a different box secret;"
                    + " restore the box's secret file, or start from an empty database and sync a snapshot");
        }
    }

    /**
     * The check value of the secret a database was made with (a keyed hash, not the secret), so that
     * tools without the kiosk ({@code diag}, the start) can tell a lost or wrong secret file.
     */
    public static Optional<String> secretCheck(Database db) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT value FROM meta WHERE name = ?");
            q.setString(1, "secret_check");
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Does {@code secret} match the check value stored in the database (compared in constant time)? */
    public static boolean secretMatches(String storedCheck, BoxKeys secretKeys) {
        byte[] expected = HexFormat.of().formatHex(secretKeys.check()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(storedCheck.getBytes(StandardCharsets.US_ASCII), expected);
    }
}
