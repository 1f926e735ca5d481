package org.smartbox.pickup;

import org.smartbox.cache.User;

/**
 * The person at the keypad after identification. The user record is the one read at
 * identification, kept for the display only: decisions re-read the cache (SPEC §4 rule 7).
 */
public record Session(User user, Factor factor) {

    public String userId() {
        return user.id();
    }

    public Session withFactor(Factor completed) {
        return new Session(user, completed);
    }

    public boolean factorDone() {
        return factor != Factor.NONE;
    }
}
