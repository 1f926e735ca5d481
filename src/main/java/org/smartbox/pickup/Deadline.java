package org.smartbox.pickup;

import org.smartbox.pickup.Screen.Choose;
import org.smartbox.pickup.Screen.ChecksRunning;
import org.smartbox.pickup.Screen.DisplayTest;
import org.smartbox.pickup.Screen.GrantOffer;
import org.smartbox.pickup.Screen.Home;
import org.smartbox.pickup.Screen.InfoPages;
import org.smartbox.pickup.Screen.KeypadTest;
import org.smartbox.pickup.Screen.LatchTest;
import org.smartbox.pickup.Screen.Locked;
import org.smartbox.pickup.Screen.OutOfService;
import org.smartbox.pickup.Screen.Releasing;
import org.smartbox.pickup.Screen.ServiceMenu;
import org.smartbox.pickup.Screen.SlotPrompt;
import org.smartbox.pickup.Screen.Verify;

/** What happens on each screen when its deadline passes. */
final class Deadline implements Screen.Visitor<Screen> {

    private final Turn turn;

    Deadline(Turn turn) {
        this.turn = turn;
    }

    @Override
    public Screen home(Home screen) {
        return Home.idle();
    }

    @Override
    public Screen locked(Locked screen) {
        return turn.lockout().lockedAt(turn.now.mono()) ? screen : Home.idle();
    }

    @Override
    public Screen verify(Verify screen) {
        return turn.factor.timedOut(screen);
    }

    @Override
    public Screen choose(Choose screen) {
        return walkedAway(screen.session(), "Choose");
    }

    @Override
    public Screen releasing(Releasing screen) {
        return turn.handover.timedOut(screen);
    }

    @Override
    public Screen grantOffer(GrantOffer screen) {
        return turn.grants.timedOut(screen);
    }

    @Override
    public Screen serviceMenu(ServiceMenu screen) {
        return walkedAway(screen.session(), "ServiceMenu");
    }

    @Override
    public Screen slotPrompt(SlotPrompt screen) {
        return walkedAway(screen.session(), "SlotPrompt");
    }

    @Override
    public Screen latchTest(LatchTest screen) {
        return turn.service.latchTestDone(screen);
    }

    @Override
    public Screen infoPages(InfoPages screen) {
        return walkedAway(screen.session(), "InfoPages");
    }

    @Override
    public Screen checksRunning(ChecksRunning screen) {
        return walkedAway(screen.session(), "ChecksRunning");
    }

    @Override
    public Screen keypadTest(KeypadTest screen) {
        return walkedAway(screen.session(), "KeypadTest");
    }

    @Override
    public Screen displayTest(DisplayTest screen) {
        return walkedAway(screen.session(), "DisplayTest");
    }

    @Override
    public Screen outOfService(OutOfService screen) {
        return screen;
    }

    /** The person walked away from a list or a service screen. */
    private Screen walkedAway(Session session, String screen) {
        turn.audit(PickupAudit.sessionTimeout(session.userId(), screen));
        return Home.idle();
    }
}
