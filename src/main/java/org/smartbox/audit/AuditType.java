package org.smartbox.audit;

/** Every kind of event the box writes to its audit log (SPEC §9, plus the box's own additions). */
public enum AuditType {
    IDENTIFY_FAILED,
    CODE_SENT,
    CODE_ACCEPTED,
    CODE_REJECTED,
    CODE_EXPIRED,
    LOCKOUT,
    PICKUP,
    PICKUP_NOT_TAKEN,
    RETURN,
    RETURN_ABANDONED,
    DENIED,
    SERVICE_LOGIN,
    SERVICE_LOGIN_FAILED,
    DIAG,
    SESSION_TIMEOUT,
    /**
     * A key left or entered a slot whose latch was held (someone forced it, or a sensor is faulty),
     * or, with {@code source=enclosure}, the cabinet's door or back plate was opened.
     */
    TAMPER,
    /** The cabinet's door or back plate is closed again ({@code source=enclosure}). */
    TAMPER_CLEARED,
    /** The independent latch guard dropped a latch that stayed released too long. */
    LATCH_GUARD,
    /** A snapshot removed a key that was out of the box. */
    KEY_DROPPED,
    /** The box restarted while a latch was released for a session. */
    SESSION_INTERRUPTED,
    /** The box cannot serve users (database or disk trouble) and holds every latch. */
    OUT_OF_SERVICE,
    BACK_IN_SERVICE,
    GRANT_REJECTED,
    /** An accepted app unlock grant is offered on the display; its slot opens only on {@code #}. */
    GRANT_OFFERED,
    /** A grant's offer ended unused ({@code *}, its 60 s, or the grant's window): the grant stays unused. */
    GRANT_CANCELLED,
    /** The UPS or battery reports mains power lost: the box goes on serving on battery. */
    POWER_LOST,
    POWER_RESTORED,
    /** The battery is nearly empty: the box holds every latch, stops and asks for a clean power-off. */
    BATTERY_LOW,
    /** Refusals beyond each minute's share of individual entries (a flood), counted by reason. */
    REFUSALS_COUNTED,
    /**
     * The wall clock was found behind the box's time floor, the newest time it had recorded (SPEC §12):
     * once per episode; decisions use the floor until the clock catches up.
     */
    CLOCK_BEHIND,
    SYNC_APPLIED,
    SYNC_REJECTED,
    STARTED,
    STOPPED,
    /**
     * The audit chain became keyed (SPEC §9): entries before this one, chained by plain SHA-256 by an
     * older version, were re-chained under the box secret's key; {@code legacy} says whether their old
     * chain verified first. Written once per database.
     */
    AUDIT_CHAIN_KEYED,
    /**
     * Never written: a stored entry of a type this version does not know (a newer version's event,
     * read after a downgrade). The record keeps the stored name; it is listed and uploaded as it is.
     */
    UNKNOWN
}
