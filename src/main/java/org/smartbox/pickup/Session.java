package org.smartbox.pickup;

import org.smartbox.cache.User;

/**
 * The person at the keypad after identification. The user record is the one read at
 * identification, kept for the display only: decisions re-read the cache (SPEC §4 rule 7).
 * {@code shortCode}: identified by an account code shorter than {@code identify.codeOnlyNeedsDigits},
 * so every pickup asks for the factor whatever the owner's settings say.
 */
public record Session(User user, Factor factor, boolean shortCode) {

    public Session(User user, Factor factor) {
        this(user, factor, false);
    }

    public String userId() {
        return user.id();
    }

    public Session withFactor(Factor completed) {
        return new Session(user, completed, shortCode);
    }

    public boolean factorDone() {
        return factor != Factor.NONE;
    }
}
