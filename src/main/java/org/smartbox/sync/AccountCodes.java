package org.smartbox.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Account codes are unique per box: one code identifies one person at the keypad. */
final class AccountCodes {

    private AccountCodes() {
    }

    /**
     * Checks the codes of {@code users} against each other and against the users the document
     * leaves in place ({@code holderElsewhere}: code to the id of such a user holding it).
     * Messages name the other user, never the code.
     */
    static void unique(RecordList<SyncUser> users, Function<String, Optional<String>> holderElsewhere)
            throws Invalid {
        Map<String, String> holders = new HashMap<>();
        for (int i = 0; i < users.items().size(); i++) {
            SyncUser user = users.items().get(i);
            String code = user.accountCode();
            if (code == null) {
                continue;
            }
            String other = holders.putIfAbsent(code, user.id());
            if (other == null) {
                other = holderElsewhere.apply(code).orElse(null);
            }
            if (other != null) {
                throw new Invalid(users.path(i) + ".accountCode",
                        "is already the account code of user " + Fields.quote(other));
            }
        }
    }
}
