package org.smartbox.policy;

/**
 * What the 2FA policy asks for one decision. When a factor is required it always goes to the person
 * being identified (SPEC §4 rule 4), so the requirement carries no recipient: there is no other.
 */
public enum FactorRequirement {
    NONE,
    SECOND_FACTOR;

    public boolean required() {
        return this == SECOND_FACTOR;
    }
}
