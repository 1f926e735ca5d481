package org.smartbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncUser;

/**
 * Issue 13 hole 6: a 2FA setting damaged in the database (a fraction, a negative fraction, text, a
 * blob) must count as ON. Only the integer 0 is OFF (SPEC §4 rule 3); reading 0.5 or -0.4 through
 * {@code longValue()} truncated it to 0 and failed open.
 */
class DamagedTwoFactorValueTest {

    private static final SecuritySettings ALL_OFF = new SecuritySettings(false, false, false);

    @TempDir
    Path dir;

    private StoreFixture boxWithEverySettingOff() {
        StoreFixture f = new StoreFixture(dir.resolve("box.db"));
        f.applier.apply(new SyncDocument.Snapshot("SB-TEST", 7,
                List.of(new SyncUser("u-olivia", "Olivia", "+15550000001", "481516", false, ALL_OFF, null)),
                List.of(new Key("k-4b", "u-olivia", "Unit 4B", 3)), List.of()), StoreFixture.NOW);
        return f;
    }

    /** SQL literals for damaged values; INTEGER affinity keeps each as it is (none is a whole number). */
    @ParameterizedTest
    @ValueSource(strings = {"0.5", "-0.4", "0.000001", "-0.999", "'off'", "'0.5'", "X'00'", "''"})
    void aDamagedTwoFactorValueCountsAsOnNotOff(String damaged) {
        try (StoreFixture f = boxWithEverySettingOff()) {
            f.db.execute("UPDATE users SET login2fa = " + damaged + ", key_pickups2fa = " + damaged
                    + ", guest_pickups2fa = " + damaged + " WHERE id = 'u-olivia'");
            assertEquals(SecuritySettings.ALL_ON, f.store.users().user("u-olivia").orElseThrow().security(),
                    "setting stored as " + damaged);
        }
    }

    @Test
    void onlyTheIntegerZeroIsOff() {
        try (StoreFixture f = boxWithEverySettingOff()) {
            assertEquals(ALL_OFF, f.store.users().user("u-olivia").orElseThrow().security());
            // 0.0 and '0' become the integer 0 under the column's INTEGER affinity: still OFF.
            f.db.execute("UPDATE users SET login2fa = 0.0, key_pickups2fa = '0' WHERE id = 'u-olivia'");
            assertEquals(ALL_OFF, f.store.users().user("u-olivia").orElseThrow().security());
            f.db.execute("UPDATE users SET login2fa = 2, key_pickups2fa = -1, guest_pickups2fa = 1"
                    + " WHERE id = 'u-olivia'");
            assertEquals(SecuritySettings.ALL_ON, f.store.users().user("u-olivia").orElseThrow().security());
        }
    }
}
