package org.smartbox.pickup;

import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;

/**
 * The audit entries the pickup machine writes (SPEC §8), one typed factory per entry: field names
 * and their order live here only, and the machine cannot put a code or a full number in by
 * accident (mobile numbers come in masked). Reasons are the fixed words SPEC §8 lists.
 */
final class PickupAudit {

    private PickupAudit() {
    }

    // ---- identification and the second factor ----

    static AuditEvent identifyFailed(String userId, String entry, String reason) {
        return AuditEvent.of(AuditType.IDENTIFY_FAILED, "user", userId, "entry", entry, "reason", reason);
    }

    static AuditEvent codeSent(String userId, String maskedMobile) {
        return AuditEvent.of(AuditType.CODE_SENT, "user", userId, "to", maskedMobile);
    }

    /** A code the gateway confirmed after nobody waited for it any more: it is void. */
    static AuditEvent codeSentLate(String userId, String maskedMobile) {
        return AuditEvent.of(AuditType.CODE_SENT, "user", userId, "to", maskedMobile, "late", "void");
    }

    static AuditEvent codeAccepted(String userId, Factor factor, boolean shortCode) {
        return AuditEvent.of(AuditType.CODE_ACCEPTED, "user", userId, "factor", factor, "reason",
                shortCode ? "short_code" : null);
    }

    static AuditEvent codeRejected(String userId, int tries, String reason) {
        return AuditEvent.of(AuditType.CODE_REJECTED, "user", userId, "tries", tries, "reason", reason);
    }

    static AuditEvent codeExpired(String userId) {
        return AuditEvent.of(AuditType.CODE_EXPIRED, "user", userId);
    }

    static AuditEvent lockout(long seconds) {
        return AuditEvent.of(AuditType.LOCKOUT, "seconds", seconds);
    }

    static AuditEvent sessionTimeout(String userId, String screen) {
        return AuditEvent.of(AuditType.SESSION_TIMEOUT, "user", userId, "screen", screen);
    }

    // ---- pickups and returns ----

    static AuditEvent denied(String userId, String reason, String detail) {
        return AuditEvent.of(AuditType.DENIED, "user", userId, "reason", reason, "detail", detail);
    }

    static AuditEvent keyNotAvailable(String userId, String keyId, String grantId) {
        return AuditEvent.of(AuditType.DENIED, "user", userId, "key", keyId, "reason", "not_available",
                "grant", grantId);
    }

    static AuditEvent pickup(Session session, Candidate item) {
        return AuditEvent.of(AuditType.PICKUP, "user", session.userId(), "key", item.key().id(), "slot", item.slot(),
                "factor", session.factor(), "access", item.accessId(), "reason",
                session.shortCode() ? "short_code" : null);
    }

    static AuditEvent giveBack(String userId, Candidate item) {
        return AuditEvent.of(AuditType.RETURN, "user", userId, "key", item.key().id(), "slot", item.slot());
    }

    /** The latch of a pickup or a return closed again without the key moving. */
    static AuditEvent releaseUnused(String userId, Candidate item) {
        return AuditEvent.of(item.isPickup() ? AuditType.PICKUP_NOT_TAKEN : AuditType.RETURN_ABANDONED,
                "user", userId, "key", item.key().id(), "slot", item.slot());
    }

    // ---- app unlock grants ----

    static AuditEvent grantOffered(String grantId, String userId, String keyId, int slot) {
        return AuditEvent.of(AuditType.GRANT_OFFERED, "grant", grantId, "user", userId, "key", keyId, "slot", slot);
    }

    static AuditEvent grantCancelled(String grantId, String userId, String keyId, String reason) {
        return AuditEvent.of(AuditType.GRANT_CANCELLED, "grant", grantId, "user", userId, "key", keyId,
                "reason", reason);
    }

    static AuditEvent grantRejected(Event.AppUnlock grant, String reason) {
        return AuditEvent.of(AuditType.GRANT_REJECTED, "grant", grant.grantId(), "user", grant.userId(),
                "key", grant.keyId(), "reason", reason);
    }

    // ---- tamper ----

    /** A key moved with no pickup or return under way; {@code technicianId} when one is at work. */
    static AuditEvent keyMoved(int slot, String keyId, boolean present, String technicianId) {
        return AuditEvent.of(AuditType.TAMPER, "slot", slot, "key", keyId, "change",
                present ? "inserted" : "removed", "user", technicianId);
    }

    static AuditEvent enclosureOpened(String technicianId) {
        return AuditEvent.of(AuditType.TAMPER, "source", "enclosure", "change", "opened", "user", technicianId);
    }

    static AuditEvent enclosureClosed(String technicianId) {
        return AuditEvent.of(AuditType.TAMPER_CLEARED, "source", "enclosure", "user", technicianId);
    }

    // ---- the service menu ----

    static AuditEvent serviceLogin(Session session) {
        return AuditEvent.of(AuditType.SERVICE_LOGIN, "user", session.userId(), "factor", session.factor());
    }

    static AuditEvent serviceLoginFailed(String userId, String reason, String detail) {
        return AuditEvent.of(AuditType.SERVICE_LOGIN_FAILED, "user", userId, "reason", reason, "detail", detail);
    }

    /** The technician may no longer use the menu they are on. */
    static AuditEvent serviceRevoked(String userId, String reason) {
        return AuditEvent.of(AuditType.DENIED, "user", userId, "reason", reason, "action", "service");
    }

    static AuditEvent diag(String userId, String action) {
        return AuditEvent.of(AuditType.DIAG, "user", userId, "action", action);
    }

    static AuditEvent latchTestRefused(String userId, int slot) {
        return AuditEvent.of(AuditType.DIAG, "user", userId, "action", "latch_test", "slot", slot,
                "refused", "key_in_slot");
    }

    static AuditEvent latchTested(String userId, int slot, String before, String after) {
        return AuditEvent.of(AuditType.DIAG, "user", userId, "action", "latch_test", "slot", slot,
                "before", before, "after", after);
    }
}
