package org.smartbox.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;

/**
 * The table of SPEC §4, row by row, for every combination of the owner's (and the guest's) three
 * settings: each decision reads exactly one setting of exactly one person.
 */
class TwoFactorPolicyTest {

    private final TwoFactorPolicy policy = new TwoFactorPolicy();

    private static User user(String id, SecuritySettings s) {
        return new User(id, id, "+1555000" + id.length(), false, s, false);
    }

    private static User technician(SecuritySettings s) {
        return new User("u-tech", "Tech", "+15550009999", true, s, false);
    }

    private static final Key KEY = new Key("k-1", "u-owner", "Unit 1", 1);

    /** Every owner setting combination crossed with every guest setting combination. */
    static List<Arguments> settingPairs() {
        List<Arguments> all = new ArrayList<>();
        for (int o = 0; o < 8; o++) {
            for (int g = 0; g < 8; g++) {
                all.add(Arguments.of(settings(o), settings(g)));
            }
        }
        return all;
    }

    private static SecuritySettings settings(int bits) {
        return new SecuritySettings((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0);
    }

    private static FactorRequirement expected(boolean on) {
        return on ? FactorRequirement.SECOND_FACTOR : FactorRequirement.NONE;
    }

    @ParameterizedTest
    @MethodSource("settingPairs")
    void ownerPickingUpOwnKeyIsBoundByTheirKeyPickups2faOnly(SecuritySettings ownerSettings, SecuritySettings ignored) {
        User owner = user("u-owner", ownerSettings);
        assertEquals(expected(ownerSettings.keyPickups2fa()), policy.forPickup(owner, KEY, Optional.of(owner)));
    }

    @ParameterizedTest
    @MethodSource("settingPairs")
    void guestIsBoundByTheOwnersGuestPickups2faNotTheirOwn(SecuritySettings ownerSettings,
                                                          SecuritySettings guestSettings) {
        User owner = user("u-owner", ownerSettings);
        User guest = user("u-guest", guestSettings);
        assertEquals(expected(ownerSettings.guestPickups2fa()), policy.forPickup(guest, KEY, Optional.of(owner)));
    }

    @ParameterizedTest
    @MethodSource("settingPairs")
    void technicianLoginIsBoundByTheirOwnLogin2faOnly(SecuritySettings techSettings, SecuritySettings ignored) {
        assertEquals(expected(techSettings.login2fa()), policy.forServiceLogin(technician(techSettings)));
    }

    @Test
    void guestNeedsCodeWhenOwnerRequiresGuest2fa() {
        User owner = user("u-owner", new SecuritySettings(false, false, true));
        User guest = user("u-guest", new SecuritySettings(false, false, false));
        assertEquals(FactorRequirement.SECOND_FACTOR, policy.forPickup(guest, KEY, Optional.of(owner)));
    }

    @Test
    void ownerWithKeyPickups2faOffPicksUpWithoutCodeWhileGuestsStillNeedOne() {
        User owner = user("u-owner", new SecuritySettings(true, false, true));
        User guest = user("u-guest", SecuritySettings.ALL_ON);
        assertEquals(FactorRequirement.NONE, policy.forPickup(owner, KEY, Optional.of(owner)));
        assertEquals(FactorRequirement.SECOND_FACTOR, policy.forPickup(guest, KEY, Optional.of(owner)));
    }

    @Test
    void aKeyWhoseOwnerTheCacheDoesNotKnowNeedsAFactor() {
        User guest = user("u-guest", new SecuritySettings(false, false, false));
        assertEquals(FactorRequirement.SECOND_FACTOR, policy.forPickup(guest, KEY, Optional.empty()));
    }

    @Test
    void evenTheNamedOwnerNeedsAFactorWhenTheCacheHasNoRecordOfThem() {
        User owner = user("u-owner", new SecuritySettings(false, false, false));
        assertEquals(FactorRequirement.SECOND_FACTOR, policy.forPickup(owner, KEY, Optional.empty()));
    }

    @Test
    void aMissingSecurityBlockCountsAsAllOn() {
        User owner = new User("u-owner", "Owner", "+15550001111", false, null, false);
        User guest = user("u-guest", new SecuritySettings(false, false, false));
        assertEquals(SecuritySettings.ALL_ON, owner.security());
        assertEquals(FactorRequirement.SECOND_FACTOR, policy.forPickup(owner, KEY, Optional.of(owner)));
        assertEquals(FactorRequirement.SECOND_FACTOR, policy.forPickup(guest, KEY, Optional.of(owner)));
        assertEquals(FactorRequirement.SECOND_FACTOR,
                policy.forServiceLogin(new User("u-t", "T", "+15550002222", true, null, false)));
    }

    @Test
    void returnsNeverNeedAFactor() {
        assertEquals(FactorRequirement.NONE, policy.forReturn());
        assertEquals(false, policy.forReturn().required());
    }

    @Test
    void aRequirementSaysWhetherAFactorIsRequired() {
        assertEquals(true, FactorRequirement.SECOND_FACTOR.required());
        assertEquals(false, FactorRequirement.NONE.required());
    }
}
