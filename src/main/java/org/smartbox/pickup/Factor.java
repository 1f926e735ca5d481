package org.smartbox.pickup;

/** The second factor a session completed, as the audit records it. */
public enum Factor {
    NONE,
    SMS,
    APP
}
