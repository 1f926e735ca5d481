package org.smartbox.cache;

/**
 * A user's three 2FA settings (SPEC §4). Every setting defaults to ON: a sync document that omits
 * one, or the whole security block, gets {@link #ALL_ON} semantics.
 */
public record SecuritySettings(boolean login2fa, boolean keyPickups2fa, boolean guestPickups2fa) {

    /** What the box assumes when it knows nothing: fail secure. */
    public static final SecuritySettings ALL_ON = new SecuritySettings(true, true, true);
}
