package org.smartbox.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.smartbox.audit.AuditEvent;
import org.smartbox.cache.User;
import org.smartbox.pickup.Frame;

/**
 * The people and keys most tests start from. Olivia owns key 4B (slot 3); Gus is her guest with an
 * access to it; Tara is the technician. Everyone has every 2FA setting ON, as at release.
 */
public final class TestBox {

    public static final String BOX = "SB-TEST";

    public static final String OLIVIA = "u-olivia";
    public static final String OLIVIA_MOBILE = "+15557310041";
    public static final String OLIVIA_NATIONAL = "5557310041";
    public static final String OLIVIA_CODE = "481516";

    public static final String GUS = "u-gus";
    public static final String GUS_MOBILE = "+15557310042";
    public static final String GUS_NATIONAL = "5557310042";
    public static final String GUS_CODE = "272829";

    public static final String TARA = "u-tara";
    public static final String TARA_MOBILE = "+15557310043";
    public static final String TARA_NATIONAL = "5557310043";
    public static final String TARA_CODE = "909090";

    /** A number nobody at this box has. */
    public static final String STRANGER_NATIONAL = "5557319999";

    public static final String KEY_4B = "k-4b";
    public static final String LABEL_4B = "Unit 4B";
    public static final int SLOT_4B = 3;
    public static final String ACCESS_GUS = "a-gus";

    private TestBox() {
    }

    public static MemoryRecords cache() {
        return new MemoryRecords(BOX)
                .user(OLIVIA, OLIVIA_MOBILE).accountCode(OLIVIA, OLIVIA_CODE)
                .user(GUS, GUS_MOBILE).accountCode(GUS, GUS_CODE)
                .technician(TARA, TARA_MOBILE).accountCode(TARA, TARA_CODE)
                .key(KEY_4B, OLIVIA, LABEL_4B, SLOT_4B)
                .access(ACCESS_GUS, KEY_4B, GUS, MemoryKiosk.START.minus(Duration.ofHours(1)),
                        MemoryKiosk.START.plus(Duration.ofDays(1)), null);
    }

    /** The standard box, with codes 318274, 602915, 771043, 845120, then a fixed sequence. */
    public static MemoryKiosk kiosk() {
        return kiosk(cache());
    }

    public static MemoryKiosk kiosk(MemoryRecords cache) {
        return new MemoryKiosk(cache, new QueueCodes("318274", "602915", "771043", "845120"));
    }

    /** A plain user with all settings ON, for tests that build their own box. */
    public static User person(String id, String mobile) {
        return new User(id, id, mobile, false, org.smartbox.cache.SecuritySettings.ALL_ON, false);
    }

    /** Every secret a display or audit log must never carry: codes, account codes, full mobiles. */
    public static List<String> secrets(MemoryKiosk k) {
        List<String> s = new ArrayList<>(k.codes().issued());
        s.addAll(List.of(OLIVIA_CODE, GUS_CODE, TARA_CODE));
        for (User u : k.cache().allUsers()) {
            if (u.mobile() != null) {
                s.add(u.mobile());
                s.add(u.mobile().substring(1));
                // More than the last four digits of a number counts as showing it.
                s.add(u.mobile().substring(u.mobile().length() - 5));
            }
        }
        return s;
    }

    /** Fails when any frame or any audit field carries one of {@code secrets}. */
    public static void assertNothingLeaks(List<Frame> frames, List<AuditEvent> audits, List<String> secrets) {
        for (String secret : secrets) {
            for (Frame f : frames) {
                assertFalse(f.joined().replace("|", "").contains(secret) || f.joined().contains(secret),
                        "frame shows " + secret + ": " + f.joined());
            }
            for (AuditEvent a : audits) {
                a.fields().forEach((name, value) -> assertFalse(value.contains(secret),
                        "audit " + a.type() + " field " + name + " carries a secret: " + a.line()));
            }
        }
    }
}
