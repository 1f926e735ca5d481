package org.smartbox.pickup;

import org.smartbox.cache.Key;

/**
 * Something the identified user can do at this box now: pick up a key (through ownership, or the
 * access {@code accessId}) or return one.
 */
public record Candidate(Kind kind, Key key, String accessId) {

    public enum Kind { PICKUP, RETURN }

    public static Candidate pickup(Key key, String accessId) {
        return new Candidate(Kind.PICKUP, key, accessId);
    }

    public static Candidate giveBack(Key key) {
        return new Candidate(Kind.RETURN, key, null);
    }

    public boolean isPickup() {
        return kind == Kind.PICKUP;
    }

    public int slot() {
        return key.slot();
    }
}
