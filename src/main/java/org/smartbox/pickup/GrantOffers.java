package org.smartbox.pickup;

import java.time.Duration;
import java.util.Optional;
import org.smartbox.cache.Key;
import org.smartbox.cache.User;
import org.smartbox.pickup.Screen.GrantOffer;
import org.smartbox.pickup.Screen.Home;

/**
 * App unlock grants (sync-format.md, the grant offer): a grant the shell verified is checked against
 * the cache, offered on the display, and opens the slot only when {@code #} is pressed at the box.
 */
final class GrantOffers {

    /** How long an accepted grant is offered on the display at most (sync-format.md). */
    static final Duration OFFER_TIME = Duration.ofSeconds(60);

    private final Turn turn;

    GrantOffers(Turn turn) {
        this.turn = turn;
    }

    Screen arrived(Screen current, Event.AppUnlock grant) {
        boolean idle = current instanceof Home home && home.entry().isEmpty() || current instanceof Screen.Locked;
        if (!idle) {
            return rejected(current, grant, "box_busy");
        }
        Optional<User> user = turn.cache.user(grant.userId());
        if (user.isEmpty()) {
            return rejected(current, grant, "unknown_user");
        }
        Optional<Key> key = turn.cache.key(grant.keyId());
        if (key.isEmpty()) {
            return rejected(current, grant, "unknown_key");
        }
        if (!turn.cache.slotOccupied(key.get().slot())) {
            return rejected(current, grant, "key_not_in_box");
        }
        Optional<Candidate> pickup = pickupOf(user.get(), grant.keyId());
        if (pickup.isEmpty()) {
            return rejected(current, grant, "not_allowed");
        }
        long left = Duration.between(turn.now.wall(), grant.expiresAt()).toMillis();
        if (left <= 0) {
            return rejected(current, grant, "expired");
        }
        // Someone must be at the box: the slot opens only when # is pressed on this offer.
        turn.audit(PickupAudit.grantOffered(grant.grantId(), grant.userId(), grant.keyId(), pickup.get().slot()));
        return new GrantOffer(grant.grantId(), new Session(user.get(), Factor.APP), pickup.get(),
                grant.expiresAt(), turn.now.mono() + Math.min(OFFER_TIME.toMillis(), left));
    }

    /**
     * A key on the grant's offer: {@code #} releases the slot, once everything is checked again
     * (SPEC §4 rule 7: the window, the key in its slot, the user may still take it); {@code *}
     * cancels. Either way an offer that does not release leaves the grant unused.
     */
    Screen key(GrantOffer offer, char key) {
        if (key == EntryField.BACK) {
            return cancelled(offer, "cancelled");
        }
        if (key != EntryField.END) {
            return offer;
        }
        if (!turn.now.wall().isBefore(offer.expiresAt())) {
            return cancelled(offer, "expired");
        }
        String userId = offer.session().userId();
        String keyId = offer.item().key().id();
        Optional<Candidate> still = turn.cache.user(userId).flatMap(u -> pickupOf(u, keyId));
        if (still.isEmpty()) {
            turn.audit(PickupAudit.keyNotAvailable(userId, keyId, offer.grantId()));
            return turn.home("Key not available");
        }
        // Used up before the latch moves: whatever happens next, it never opens a latch again.
        turn.effect(new Effect.UseGrant(offer.grantId(), offer.expiresAt()));
        return turn.handover.release(offer.session(), still.get());
    }

    Screen timedOut(GrantOffer offer) {
        return cancelled(offer, turn.now.wall().isBefore(offer.expiresAt()) ? "timeout" : "expired");
    }

    private Optional<Candidate> pickupOf(User user, String keyId) {
        return turn.candidates(user).stream().filter(c -> c.isPickup() && c.key().id().equals(keyId)).findFirst();
    }

    private Screen cancelled(GrantOffer offer, String reason) {
        turn.audit(PickupAudit.grantCancelled(offer.grantId(), offer.session().userId(), offer.item().key().id(),
                reason));
        return turn.home(reason.equals("cancelled") ? "Cancelled" : "App unlock ended");
    }

    private Screen rejected(Screen current, Event.AppUnlock grant, String reason) {
        turn.audit(PickupAudit.grantRejected(grant, reason));
        return current;
    }
}
