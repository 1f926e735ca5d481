package org.smartbox.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.auth.BoxKeys;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;

/**
 * The people the cloud synced to this box ({@code users}): found by mobile number, account code
 * (by keyed hash) or id, and their app secrets, decrypted only here. All SQL on that table but
 * the sync's writes ({@link SyncApplier}).
 */
public final class UserTable {

    private static final Logger LOG = LoggerFactory.getLogger(UserTable.class);
    static final String USER_COLUMNS = "id, name, mobile, technician, login2fa, key_pickups2fa,"
            + " guest_pickups2fa, app_secret IS NOT NULL";

    private final Database db;
    private final BoxKeys keys;

    UserTable(Database db, BoxKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    /** The one user with this number; empty when no one or several have it (then it says who no one). */
    public Optional<User> userByMobile(String e164) {
        List<User> found = usersByMobile(e164);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Users with this number: none, one, or (when it is shared) the first two. */
    public List<User> usersByMobile(String e164) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + USER_COLUMNS + " FROM users WHERE mobile = ? LIMIT 2");
            q.setString(1, e164);
            List<User> found = users(q);
            if (found.size() > 1) {
                // Two people share the number: the box cannot tell who is there by it.
                LOG.info("mobile number ending {} belongs to several users; they identify by account code",
                        e164.substring(Math.max(0, e164.length() - 4)));
            }
            return found;
        });
    }

    /** The ids of the users with this number; for warning about shared numbers when syncing. */
    public Set<String> userIdsWithMobile(String e164) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT id FROM users WHERE mobile = ?");
            q.setString(1, e164);
            Set<String> ids = new TreeSet<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    public Optional<User> userByAccountCode(String digits) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + USER_COLUMNS + " FROM users WHERE account_code_hash = ?");
            q.setBytes(1, keys.accountCodes().hash(digits));
            return users(q).stream().findFirst();
        });
    }

    public Optional<User> user(String id) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?");
            q.setString(1, id);
            return users(q).stream().findFirst();
        });
    }

    /** Who has this account code, by keyed hash; for checking uniqueness when syncing. */
    public Optional<String> userIdWithAccountCode(String digits) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT id FROM users WHERE account_code_hash = ?");
            q.setBytes(1, keys.accountCodes().hash(digits));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    public Optional<byte[]> appSecret(String userId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT app_secret FROM users WHERE id = ? AND app_secret IS NOT NULL");
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<byte[]>empty();
                }
                try {
                    return Optional.of(keys.appSecrets().decrypt(userId, rs.getBytes(1)));
                } catch (IllegalArgumentException e) {
                    // Fail closed: a secret that does not decrypt accepts no app code.
                    LOG.warn("app secret of user {} does not decrypt; app codes refused for them", userId);
                    return Optional.<byte[]>empty();
                }
            }
        });
    }

    static List<User> users(PreparedStatement q) throws SQLException {
        List<User> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                SecuritySettings security = new SecuritySettings(on(rs, 5), on(rs, 6), on(rs, 7));
                out.add(new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0, security,
                        rs.getInt(8) != 0));
            }
        }
        return out;
    }

    /**
     * A 2FA setting: OFF only when the column holds the integer 0. Anything else counts as ON, as a
     * missing setting does (SPEC §4 rule 3): text or a blob (which getInt would read as 0), and a
     * fraction such as 0.5 or -0.4 (which longValue() would truncate to 0).
     */
    private static boolean on(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        boolean integerZero = (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() == 0;
        return !integerZero;
    }
}
