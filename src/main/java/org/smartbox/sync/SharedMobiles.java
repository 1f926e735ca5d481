package org.smartbox.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two users with one mobile number. The format allows it (a family phone, a shared office line),
 * but at the keypad that number cannot say who is there, so the box asks for the account code
 * instead. The document applies; each user who shares a number is reported as a warning, so the
 * cloud can fix it or make sure both have an account code.
 */
final class SharedMobiles {

    static final String KIND = "shared_mobile";
    /** A document that shares one number among thousands needs no thousand warnings to be understood. */
    static final int MAX_WARNINGS = 100;

    private SharedMobiles() {
    }

    /** A snapshot is the whole cache: its users against each other. */
    static List<SyncWarning> inSnapshot(RecordList<SyncUser> users) {
        return find(users, mobile -> Set.of());
    }

    /** A delta: its upserted users against each other and against the users of the cache it keeps. */
    static List<SyncWarning> inDelta(RecordList<SyncUser> upserts, RecordList<String> deletes, SyncBase base) {
        return find(upserts, mobile -> {
            Set<String> kept = new TreeSet<>(base.usersWithMobile(mobile));
            kept.removeIf(id -> upserts.contains(id) || deletes.contains(id));
            return kept;
        });
    }

    private static List<SyncWarning> find(RecordList<SyncUser> users,
                                          java.util.function.Function<String, Set<String>> keptHolders) {
        List<SyncWarning> warnings = new ArrayList<>();
        Map<String, String> firstWith = new HashMap<>();
        for (int i = 0; i < users.items().size() && warnings.size() < MAX_WARNINGS; i++) {
            SyncUser user = users.items().get(i);
            if (user.mobile() == null) {
                continue;
            }
            String other = firstWith.putIfAbsent(user.mobile(), user.id());
            if (other == null) {
                other = keptHolders.apply(user.mobile()).stream().findFirst().orElse(null);
            }
            if (other != null) {
                warnings.add(new SyncWarning(KIND, users.path(i) + ".mobile", "the same number as user "
                        + Fields.quote(other) + " (" + RecordReader.masked(user.mobile()) + "): at the keypad it"
                        + " identifies neither, they must use their account codes"
                        + (user.accountCode() == null ? " (this user has none)" : "")));
            }
        }
        return warnings;
    }
}
