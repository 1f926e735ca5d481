package org.smartbox.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * What the box remembers so that a code works once (SPEC §5, §10, §13): the one-time codes it sent
 * ({@code code_issues}, for the per-window limit), the newest app-code step each user used
 * ({@code app_steps}) and the grants already used ({@code grants_used}).
 */
public final class CodeLedger {

    /** Code issues older than this are of no use to any rate limit and are pruned. */
    private static final Duration CODE_ISSUE_RETENTION = Duration.ofDays(1);

    private final Database db;

    CodeLedger(Database db) {
        this.db = db;
    }

    public int codesIssuedSince(String userId, Instant since) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT COUNT(*) FROM code_issues WHERE user_id = ? AND issued_at >= ?");
            q.setString(1, userId);
            q.setLong(2, since.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    public void recordCodeIssued(String userId, Instant at) {
        db.inTransaction(() -> {
            PreparedStatement prune = db.prepare("DELETE FROM code_issues WHERE issued_at < ?");
            prune.setLong(1, at.minus(CODE_ISSUE_RETENTION).toEpochMilli());
            prune.executeUpdate();
            PreparedStatement insert = db.prepare("INSERT INTO code_issues (user_id, issued_at) VALUES (?, ?)");
            insert.setString(1, userId);
            insert.setLong(2, at.toEpochMilli());
            insert.executeUpdate();
            return null;
        });
    }

    /** Takes back the user's newest code issue: its message never left (failed sends do not count). */
    public void forgetLastCodeIssued(String userId) {
        db.inTransaction(() -> {
            PreparedStatement delete = db.prepare("DELETE FROM code_issues WHERE rowid = (SELECT rowid FROM"
                    + " code_issues WHERE user_id = ? ORDER BY issued_at DESC, rowid DESC LIMIT 1)");
            delete.setString(1, userId);
            delete.executeUpdate();
            return null;
        });
    }

    public OptionalLong lastAppStep(String userId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT last_step FROM app_steps WHERE user_id = ?");
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    public void useAppStep(String userId, long step) {
        db.inTransaction(() -> {
            PreparedStatement upsert = db.prepare("INSERT INTO app_steps (user_id, last_step) VALUES (?, ?)"
                    + " ON CONFLICT(user_id) DO UPDATE SET last_step = MAX(last_step, excluded.last_step)");
            upsert.setString(1, userId);
            upsert.setLong(2, step);
            upsert.executeUpdate();
            return null;
        });
    }

    /**
     * Marks a grant used; false when it already was. An id is kept until {@code now}, the box's
     * floored wall time (SPEC §12), has passed the grant's expiry by a day: from the expiry on the
     * grant is refused as expired whatever the wall clock says (the floor never goes back), and the
     * day is a margin on top.
     */
    public boolean useGrant(String grantId, Instant expiresAt, Instant now) {
        return db.inTransaction(() -> {
            PreparedStatement prune = db.prepare("DELETE FROM grants_used WHERE expires_at < ?");
            prune.setLong(1, now.minus(Duration.ofDays(1)).toEpochMilli());
            prune.executeUpdate();
            PreparedStatement insert = db.prepare(
                    "INSERT OR IGNORE INTO grants_used (grant_id, expires_at, used_at) VALUES (?, ?, ?)");
            insert.setString(1, grantId);
            insert.setLong(2, expiresAt.toEpochMilli());
            insert.setLong(3, now.toEpochMilli());
            return insert.executeUpdate() == 1;
        });
    }

    /** Was this grant already used (its slot released)? A grant offered and not taken up is not. */
    public boolean grantUsed(String grantId) {
        return db.read(() -> {
            PreparedStatement q = db.prepare("SELECT 1 FROM grants_used WHERE grant_id = ?");
            q.setString(1, grantId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        });
    }
}
