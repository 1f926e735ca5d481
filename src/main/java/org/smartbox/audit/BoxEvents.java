package org.smartbox.audit;

import java.time.Instant;

/**
 * The audit entries the shell around the pickup machine writes (SPEC §8): the box starting and
 * stopping, power, faults, the clock, sync, grants and counted refusals. One typed factory per entry,
 * so each entry's field names and their order are written down once, here; the machine's own entries
 * are in {@code pickup.PickupAudit}. Nothing here takes a code or a full mobile number.
 */
public final class BoxEvents {

    private BoxEvents() {
    }

    // ---- the box itself ----

    public static AuditEvent started(String boxId, long cacheVersion) {
        return AuditEvent.of(AuditType.STARTED, "box", boxId, "version", cacheVersion);
    }

    public static AuditEvent stopped() {
        return AuditEvent.of(AuditType.STOPPED);
    }

    /** The box stopped because of {@code error} (its class and message, never a secret). */
    public static AuditEvent crashed(String error) {
        return AuditEvent.of(AuditType.STOPPED, "reason", "crash", "error", error);
    }

    /** A latch was open for {@code userId}'s key when the box last went down. */
    public static AuditEvent sessionInterrupted(String userId, String keyId, String slot) {
        return AuditEvent.of(AuditType.SESSION_INTERRUPTED, "user", userId, "key", keyId, "slot", slot);
    }

    /** The latch guard dropped a latch that was held open longer than allowed. */
    public static AuditEvent latchGuard(int slot) {
        return AuditEvent.of(AuditType.LATCH_GUARD, "slot", slot);
    }

    public static AuditEvent clockBehind(Instant wall, Instant floor, long behindSeconds) {
        return AuditEvent.of(AuditType.CLOCK_BEHIND, "wall", wall, "floor", floor, "behind_s", behindSeconds);
    }

    // ---- power ----

    public static AuditEvent power(boolean lost) {
        return AuditEvent.of(lost ? AuditType.POWER_LOST : AuditType.POWER_RESTORED);
    }

    public static AuditEvent batteryLow() {
        return AuditEvent.of(AuditType.BATTERY_LOW);
    }

    // ---- out of service ----

    /** A hardware {@code part} failed its check; the box refuses pickups until it works again. */
    public static AuditEvent hardwareFault(String part) {
        return AuditEvent.of(AuditType.OUT_OF_SERVICE, "reason", "hardware", "part", part);
    }

    public static AuditEvent partBack(String part) {
        return AuditEvent.of(AuditType.BACK_IN_SERVICE, "part", part);
    }

    /**
     * The store failed at {@code since} for {@code reason} (a public word, such as {@code disk_full});
     * written late, once the store takes writes again.
     */
    public static AuditEvent storeFault(String reason, Instant since) {
        return AuditEvent.of(AuditType.OUT_OF_SERVICE, "reason", reason, "since", since);
    }

    public static AuditEvent backInService() {
        return AuditEvent.of(AuditType.BACK_IN_SERVICE);
    }

    // ---- sync, grants, refusals ----

    /**
     * A sync document was applied; {@code warnings} lists the warning kinds (comma separated) or is
     * null, {@code reset} is set when the box went back to an older version on purpose.
     */
    public static AuditEvent syncApplied(long version, boolean snapshot, String warnings, boolean reset) {
        return AuditEvent.of(AuditType.SYNC_APPLIED, "version", version, "type", snapshot ? "snapshot" : "delta",
                "warning", warnings, "reset", reset ? "true" : null);
    }

    /** A sync document was refused at {@code path}, its first invalid place ({@code $} for the whole). */
    public static AuditEvent syncRejected(String path) {
        return AuditEvent.of(AuditType.SYNC_REJECTED, "path", path);
    }

    /** A sync took away a key that {@code holder} had out of the box. */
    public static AuditEvent keyDropped(String keyId, String holder) {
        return AuditEvent.of(AuditType.KEY_DROPPED, "key", keyId, "holder", holder);
    }

    /** A grant was refused; any of the three ids may be null when the grant could not be read. */
    public static AuditEvent grantRejected(String grantId, String userId, String keyId, String reason) {
        return AuditEvent.of(AuditType.GRANT_REJECTED, "grant", grantId, "user", userId, "key", keyId,
                "reason", reason);
    }

    /** {@code count} more refusals of {@code of} since {@code from}, by reason ({@code reason:n,...}). */
    public static AuditEvent refusalsCounted(AuditType of, long count, String reasons, Instant from) {
        return AuditEvent.of(AuditType.REFUSALS_COUNTED, "of", of.name(), "count", count, "reasons", reasons,
                "from", from);
    }

    /** Older entries were chained again under the box's key; {@code legacy} is the old chain's head. */
    public static AuditEvent chainKeyed(long rechained, String legacy) {
        return AuditEvent.of(AuditType.AUDIT_CHAIN_KEYED, "rechained", rechained, "legacy", legacy);
    }
}
