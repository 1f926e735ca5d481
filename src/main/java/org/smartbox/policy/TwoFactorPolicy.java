package org.smartbox.policy;

import java.util.Optional;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;

/**
 * The 2FA rules of SPEC §4, and nothing else. The owner of a key decides with three settings:
 *
 * <pre>
 * who acts                       | setting read          | whose setting
 * technician logging in          | login2fa              | the technician's own
 * owner picking up own key       | keyPickups2fa         | the owner's
 * guest picking up someone's key | guestPickups2fa       | the key owner's
 * anyone returning a key         | (none: never a code)  |
 * </pre>
 *
 * How the person identified (mobile or account code) plays no part. A user the cache does not know
 * counts as all settings ON. Callers pass the settings as they are at the moment of the decision.
 */
public final class TwoFactorPolicy {

    /** Does {@code picker} need a second factor to pick up {@code key}, owned by {@code owner}? */
    public FactorRequirement forPickup(User picker, Key key, Optional<User> owner) {
        SecuritySettings ownerSettings = owner.map(User::security).orElse(SecuritySettings.ALL_ON);
        boolean ownPickup = key.isOwnedBy(picker.id()) && owner.isPresent();
        boolean on = ownPickup ? ownerSettings.keyPickups2fa() : ownerSettings.guestPickups2fa();
        return on ? FactorRequirement.SECOND_FACTOR : FactorRequirement.NONE;
    }

    /** Does a technician need a second factor to log in to the service menu? */
    public FactorRequirement forServiceLogin(User technician) {
        return technician.security().login2fa() ? FactorRequirement.SECOND_FACTOR : FactorRequirement.NONE;
    }

    /** Returns never need a second factor (SPEC §4 rule 6). */
    public FactorRequirement forReturn() {
        return FactorRequirement.NONE;
    }
}
