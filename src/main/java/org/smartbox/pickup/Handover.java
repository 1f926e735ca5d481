package org.smartbox.pickup;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.smartbox.cache.User;
import org.smartbox.pickup.Screen.Choose;
import org.smartbox.pickup.Screen.Purpose;
import org.smartbox.pickup.Screen.Releasing;

/**
 * Choosing a key and handing it over: the numbered list, the decision to open a latch (everything
 * checked again, SPEC §4 rule 7), and the key sensor that ends a pickup or a return.
 */
final class Handover {

    private final Turn turn;

    Handover(Turn turn) {
        this.turn = turn;
    }

    Screen offer(Session session, List<Candidate> candidates) {
        // A lone pickup opens at once. A lone return is shown first, as a list of one that Screens
        // draws as "Return <label>", "# opens slot N": whoever came for a key that is out must
        // not find a latch open for a return they did not ask for.
        if (candidates.size() == 1 && candidates.get(0).isPickup()) {
            return select(session, candidates.get(0));
        }
        return list(session, candidates, "");
    }

    Screen list(Session session, List<Candidate> candidates, String notice) {
        return new Choose(session, candidates, 0, Entry.EMPTY, notice, turn.idleDeadline());
    }

    Screen key(Choose choose, char key) {
        EntryField.Press press = EntryField.NUMBER.press(choose.entry(), key);
        return switch (press.outcome()) {
            case EDITED -> choose.with(choose.page(), press.entry(), "", turn.idleDeadline());
            case BACK -> turn.home("Cancelled");
            case END_EMPTY, TOO_SHORT -> choose.items().size() == 1
                    // One item: # on its own is the yes (the lone return's confirmation).
                    ? select(choose.session(), choose.items().get(0))
                    : choose.with((choose.page() + 1) % choose.pages(), Entry.EMPTY, "", turn.idleDeadline());
            case ENTERED -> pick(choose, Integer.parseInt(press.digits()));
            case OTHER -> choose;
        };
    }

    private Screen pick(Choose choose, int number) {
        if (number < 1 || number > choose.items().size()) {
            return choose.with(choose.page(), Entry.EMPTY, "No item " + number, turn.idleDeadline());
        }
        return select(choose.session(), choose.items().get(number - 1));
    }

    /**
     * The decision to open a latch. Everything is checked again now (SPEC §4 rule 7): the key is
     * still there, the user may still take it, and the factor the owner asks for now was given.
     */
    Screen select(Session session, Candidate chosen) {
        Optional<User> user = turn.cache.user(session.userId());
        Optional<Candidate> current = user.flatMap(u -> turn.candidates(u).stream()
                .filter(c -> c.kind() == chosen.kind() && c.key().id().equals(chosen.key().id()))
                .findFirst());
        if (current.isEmpty()) {
            turn.audit(PickupAudit.keyNotAvailable(session.userId(), chosen.key().id(), null));
            return turn.home("Key not available");
        }
        Candidate item = current.get();
        if (turn.factor.needed(session, user.get(), item) && !session.factorDone()) {
            return turn.factor.start(new Session(user.get(), Factor.NONE, session.shortCode()), Purpose.PICKUP, item);
        }
        return release(session, item);
    }

    Screen release(Session session, Candidate item) {
        KioskSettings settings = turn.settings();
        Duration wait = item.isPickup() ? settings.timeouts().take() : settings.timeouts().giveBack();
        turn.effect(new Effect.Release(item.slot(), session.userId(), item.key().id()));
        return new Releasing(session, item, turn.now.mono() + wait.toMillis());
    }

    /** The sensor of the released slot changed: the key was taken, or brought back. */
    Screen sensed(Releasing releasing, boolean present) {
        Candidate item = releasing.item();
        String userId = releasing.session().userId();
        if (item.isPickup() && !present) {
            turn.effect(new Effect.Hold(item.slot()));
            turn.effect(new Effect.KeyOut(item.key().id(), userId, item.accessId()));
            turn.audit(PickupAudit.pickup(releasing.session(), item));
            turn.success();
            return turn.home("Thank you");
        }
        if (!item.isPickup() && present) {
            turn.effect(new Effect.Hold(item.slot()));
            turn.effect(new Effect.KeyIn(item.key().id()));
            turn.audit(PickupAudit.giveBack(userId, item));
            turn.success();
            return turn.home("Thank you");
        }
        return releasing;
    }

    /** The latch's time ran out with the key unmoved: it is held again. */
    Screen timedOut(Releasing releasing) {
        Candidate item = releasing.item();
        turn.effect(new Effect.Hold(item.slot()));
        turn.audit(PickupAudit.releaseUnused(releasing.session().userId(), item));
        return turn.home("Slot closed");
    }
}
