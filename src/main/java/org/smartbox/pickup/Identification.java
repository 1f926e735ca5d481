package org.smartbox.pickup;

import java.util.List;
import java.util.Optional;
import org.smartbox.cache.User;
import org.smartbox.pickup.Screen.Home;
import org.smartbox.pickup.Screen.Purpose;

/**
 * The home screen: a mobile number or an account code is typed and {@code #} names the person
 * (SPEC §3). What follows is the second factor, the list of what they can do, or the service menu.
 */
final class Identification {

    private final Turn turn;

    Identification(Turn turn) {
        this.turn = turn;
    }

    Screen key(Home home, char key) {
        EntryField.Press press = EntryField.IDENTITY.press(home.entry(), key);
        return switch (press.outcome()) {
            case EDITED -> new Home(press.entry(), "", turn.idleDeadline());
            case BACK -> Home.idle();
            case END_EMPTY, TOO_SHORT -> home;
            case ENTERED -> identify(press.digits());
            case OTHER -> new Home(home.entry(), "Use 0-9, * and #", turn.idleDeadline());
        };
    }

    private Screen identify(String digits) {
        KioskSettings settings = turn.settings();
        int length = digits.length();
        Optional<User> user;
        String how;
        if (length >= 10 && length <= 15) {
            how = "mobile";
            List<User> holders = turn.cache.usersByMobile(length == 10 ? "+" + settings.identify().countryCode() + digits
                    : "+" + digits);
            if (holders.size() > 1) {
                return sharedMobile();
            }
            user = holders.stream().findFirst();
        } else if (length >= 4 && length <= 9) {
            how = "code";
            user = turn.cache.userByAccountCode(digits);
        } else {
            // Not a number or a code: nothing looked up, nothing learnt, nothing counted.
            return turn.home("Invalid entry");
        }
        if (user.isEmpty()) {
            return failed(null, how, "unknown");
        }
        // A short code names the person but is too easy to guess to open a slot alone (issue 20).
        boolean shortCode = how.equals("code") && length < settings.identify().codeOnlyNeedsDigits();
        Session session = new Session(user.get(), Factor.NONE, shortCode);
        if (user.get().technician()) {
            // The service menu's latch test opens slots too: a short code never logs in alone.
            return turn.rules.policy().forServiceLogin(user.get()).required() || shortCode
                    ? turn.factor.start(session, Purpose.SERVICE, null) : turn.service.loggedIn(session);
        }
        List<Candidate> candidates = turn.candidates(user.get());
        if (candidates.isEmpty()) {
            return failed(user.get().id(), how, "nothing_to_do");
        }
        // SPEC §3: the second factor comes before any key label is shown.
        if (candidates.stream().anyMatch(c -> turn.factor.needed(session, user.get(), c))) {
            return turn.factor.start(session, Purpose.PICKUP, null);
        }
        return turn.handover.offer(session, candidates);
    }

    /**
     * A number several users share says nobody in particular: the person is asked for their
     * account code. Not counted as a failure: the number is right, it just is not enough.
     */
    private Screen sharedMobile() {
        turn.audit(PickupAudit.identifyFailed(null, "mobile", "shared_mobile"));
        return turn.home("Enter account code");
    }

    private Screen failed(String userId, String how, String reason) {
        turn.audit(PickupAudit.identifyFailed(userId, how, reason));
        // The display never says whether the person was unknown or had nothing to do.
        return turn.failure() ? new Screen.Locked()
                : turn.home("Not found or no keys\n" + Screens.triesLeft(turn.triesBeforeLock()));
    }
}
