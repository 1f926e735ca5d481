package org.smartbox.kiosk;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.BoxEvents;
import org.smartbox.pickup.Event;
import org.smartbox.store.AuditLog;
import org.smartbox.store.BoxStore;
import org.smartbox.sync.Grant;
import org.smartbox.sync.GrantVerdict;
import org.smartbox.sync.GrantVerifier;

/**
 * Takes app unlock grants from the cloud (SPEC §5): checks signature, box, window and that the grant
 * was never used, then hands it to the kiosk, which checks that the user may take that key now and
 * offers it on the display; the slot is released (and the grant used up) only when {@code #} is
 * pressed on the offer. Every refusal is audited (counted, in a flood from the fleet). Runs on the
 * loop's thread.
 */
public final class GrantService {

    private static final Logger LOG = LoggerFactory.getLogger(GrantService.class);

    private final Optional<GrantVerifier> verifier;
    private final BoxStore store;
    private final AuditLog audit;
    private final RefusalAudit refusals;
    private final KioskClock clock;
    private final Inbox loop;

    public GrantService(Optional<GrantVerifier> verifier, BoxStore store, AuditLog audit, RefusalAudit refusals,
                        KioskClock clock, Inbox loop) {
        this.verifier = verifier;
        this.store = store;
        this.audit = audit;
        this.refusals = refusals;
        this.clock = clock;
        this.loop = loop;
    }

    /**
     * Checks a grant document; when it holds, the kiosk gets it as an event. Returns the refusal
     * reason ({@code bad_signature}, {@code replayed}, ...), or empty when the kiosk got it.
     */
    public Optional<String> deliver(byte[] json) {
        return deliver(json, false);
    }

    /**
     * A grant from the fleet link: as {@link #deliver}, but in a flood each minute's first refusals are
     * written one by one and the rest counted ({@link RefusalAudit}).
     */
    public Optional<String> deliverFromFleet(byte[] json) {
        return deliver(json, true);
    }

    private Optional<String> deliver(byte[] json, boolean fromFleet) {
        if (verifier.isEmpty()) {
            return refuse("no_public_key", null, "this box has no grants.publicKey to check signatures with",
                    fromFleet);
        }
        GrantVerdict verdict = verifier.get().verify(json, clock.now().wall());
        if (verdict instanceof GrantVerdict.Refused refused) {
            return refuse(refused.reason().code(), refused.grant().orElse(null), refused.detail(), fromFleet);
        }
        Grant grant = ((GrantVerdict.Accepted) verdict).grant();
        // Used up only when its slot is released (the kiosk's UseGrant effect, right before the
        // latch moves): a grant refused as box_busy, or offered and cancelled, can come again.
        if (store.ledger().grantUsed(grant.grantId())) {
            return refuse("replayed", grant, "grant " + grant.grantId() + " was already used", fromFleet);
        }
        LOG.info("grant {} accepted for user {} key {}", grant.grantId(), grant.userId(), grant.keyId());
        loop.submit(new Event.AppUnlock(grant.grantId(), grant.userId(), grant.keyId(), grant.expiresAt()));
        return Optional.empty();
    }

    private Optional<String> refuse(String reason, Grant grant, String detail, boolean fromFleet) {
        AuditEvent event = BoxEvents.grantRejected(grant == null ? null : grant.grantId(),
                grant == null ? null : grant.userId(), grant == null ? null : grant.keyId(), reason);
        // From the fleet, a flood of forged grants is counted, not written (or logged) entry by entry.
        boolean oneByOne = fromFleet ? refusals.refuse(event, reason) : audit.append(event, clock.now().wall()) != null;
        if (oneByOne) {
            LOG.warn("grant refused ({}): {}", reason, detail);
        }
        return Optional.of(reason);
    }
}
