package org.smartbox.store;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.smartbox.auth.CodeSpace;

/**
 * The cache's account codes as the code-strength figure needs them (issue 20): each code's length
 * and whether its holder opens a slot with it alone (a technician without login2fa counts: the
 * service menu's latch test opens any slot). Only lengths are kept beside the keyed hash,
 * never the code. A code stored before lengths were kept counts as 4 digits (the weakest SPEC
 * allows) until the next snapshot. A 2FA setting that is not exactly 0 counts as ON (SPEC §4 rule 3).
 */
public final class AccountCodeFigures {

    /** Shortest account code SPEC allows: what an unknown length is taken for. */
    static final int UNKNOWN_DIGITS = 4;

    private static final String QUERY = "SELECT COALESCE(u.account_code_digits, " + UNKNOWN_DIGITS + "),"
            + " CASE WHEN u.technician = 1 THEN u.login2fa = 0 ELSE"
            + " EXISTS (SELECT 1 FROM keys k WHERE k.owner_id = u.id AND u.key_pickups2fa = 0)"
            + " OR EXISTS (SELECT 1 FROM accesses a JOIN keys k ON k.id = a.key_id JOIN users o ON o.id = k.owner_id"
            + " WHERE a.user_id = u.id AND o.guest_pickups2fa = 0) END"
            + " FROM users u WHERE u.account_code_hash IS NOT NULL";

    private AccountCodeFigures() {
    }

    public static List<CodeSpace.Code> read(Database db) {
        return db.read(() -> {
            List<CodeSpace.Code> codes = new ArrayList<>();
            try (ResultSet rs = db.prepare(QUERY).executeQuery()) {
                while (rs.next()) {
                    codes.add(new CodeSpace.Code(rs.getInt(1), rs.getInt(2) != 0));
                }
            }
            return codes;
        });
    }
}
