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

/** What one key press does on each screen: each screen's part of the machine decides. */
final class KeyPress implements Screen.Visitor<Screen> {

    private final Turn turn;
    private final char key;

    KeyPress(Turn turn, char key) {
        this.turn = turn;
        this.key = key;
    }

    @Override
    public Screen home(Home screen) {
        return turn.identification.key(screen, key);
    }

    @Override
    public Screen locked(Locked screen) {
        // Nothing is typed, but the key gets an answer: how long the lock still lasts.
        return new Locked(true);
    }

    @Override
    public Screen verify(Verify screen) {
        return turn.factor.key(screen, key);
    }

    @Override
    public Screen choose(Choose screen) {
        return turn.handover.key(screen, key);
    }

    @Override
    public Screen releasing(Releasing screen) {
        // A latch is open: the keypad has nothing to say until the key moves or time runs out.
        return screen;
    }

    @Override
    public Screen grantOffer(GrantOffer screen) {
        return turn.grants.key(screen, key);
    }

    @Override
    public Screen serviceMenu(ServiceMenu screen) {
        return turn.service.menuKey(screen, key);
    }

    @Override
    public Screen slotPrompt(SlotPrompt screen) {
        return turn.service.slotKey(screen, key);
    }

    @Override
    public Screen latchTest(LatchTest screen) {
        return screen;
    }

    @Override
    public Screen infoPages(InfoPages screen) {
        return turn.service.infoKey(screen, key);
    }

    @Override
    public Screen checksRunning(ChecksRunning screen) {
        return turn.service.checksKey(screen, key);
    }

    @Override
    public Screen keypadTest(KeypadTest screen) {
        return turn.service.keypadTestKey(screen, key);
    }

    @Override
    public Screen displayTest(DisplayTest screen) {
        // Any key ends the pattern.
        return turn.service.menu(screen.session(), "");
    }

    @Override
    public Screen outOfService(OutOfService screen) {
        return screen;
    }
}
