package org.smartbox.pickup;

import java.util.List;
import java.util.Optional;
import org.smartbox.cache.User;
import org.smartbox.pickup.Screen.ChecksRunning;
import org.smartbox.pickup.Screen.DisplayTest;
import org.smartbox.pickup.Screen.InfoPages;
import org.smartbox.pickup.Screen.KeypadTest;
import org.smartbox.pickup.Screen.LatchTest;
import org.smartbox.pickup.Screen.ServiceMenu;
import org.smartbox.pickup.Screen.SlotPrompt;

/**
 * The technician's service menu (SPEC §7) and its screens: latch test, sensors, status, keypad and
 * display tests, the checks. A technician is not a key holder: the latch test opens empty slots
 * only, and every key press checks again that the technician may still be here.
 */
final class ServiceMenus {

    /** What the display says while the box is out of service because its enclosure is open. */
    static final String DOOR_OPEN = "Service door open";

    private final Turn turn;

    ServiceMenus(Turn turn) {
        this.turn = turn;
    }

    /** The technician gave the factor: the menu opens, unless they lost the role meanwhile. */
    Screen factorDone(Session session) {
        String revoked = revoked(session);
        if (revoked != null) {
            // Deleted or no longer a technician while the code was on its way: no menu.
            turn.audit(PickupAudit.serviceLoginFailed(session.userId(), revoked, null));
            return turn.home("Not a technician");
        }
        return loggedIn(session);
    }

    Screen loggedIn(Session session) {
        turn.audit(PickupAudit.serviceLogin(session));
        turn.success();
        return menu(session, "");
    }

    /**
     * Why the technician of {@code session} may no longer use the menu, or null when they may:
     * deleted, no longer a technician, or their login2fa turned ON after a login without a code.
     */
    String revoked(Session session) {
        Optional<User> user = turn.cache.user(session.userId());
        if (user.isEmpty()) {
            return "technician_deleted";
        }
        if (!user.get().technician()) {
            return "not_technician";
        }
        if (!session.factorDone() && turn.rules.policy().forServiceLogin(user.get()).required()) {
            return "login2fa_on";
        }
        return null;
    }

    /**
     * SPEC §7: a key press on a service screen first checks the technician as the cache has them
     * now; the menu ends if they may no longer be here. The latch test runs its second to the end.
     */
    Optional<Screen> endIfRevoked(Screen.Service screen) {
        String revoked = screen instanceof LatchTest ? null : revoked(screen.session());
        if (revoked == null) {
            return Optional.empty();
        }
        turn.audit(PickupAudit.serviceRevoked(screen.session().userId(), revoked));
        return Optional.of(turn.home("Service ended"));
    }

    Screen menu(Session session, String notice) {
        boolean blank = notice.isEmpty() || notice.equals(DOOR_OPEN);
        return new ServiceMenu(session, blank && turn.cache.enclosure().open() ? DOOR_OPEN : blank ? "" : notice,
                turn.idleDeadline());
    }

    Screen menuKey(ServiceMenu menu, char key) {
        Session session = menu.session();
        ServicePages pages = new ServicePages(turn);
        switch (key) {
            case '1':
                return new SlotPrompt(session, Entry.EMPTY, "", turn.idleDeadline());
            case '2':
                diag(session, "sensors");
                return new InfoPages(session, "Sensors K=key", pages.sensors(), 0, turn.idleDeadline());
            case '3':
                diag(session, "status");
                return new InfoPages(session, "Status", pages.status(), 0, turn.idleDeadline());
            case '4':
                diag(session, "keypad_test");
                return new KeypadTest(session, "", turn.idleDeadline());
            case '5':
                diag(session, "display_test");
                return new DisplayTest(session, turn.idleDeadline());
            case '6':
                diag(session, "checks");
                // Slow work: the shell runs it off the loop and hands the result back (SPEC §7).
                turn.effect(new Effect.RunChecks());
                return new ChecksRunning(session, turn.idleDeadline());
            case '*':
            case '0':
                diag(session, "exit");
                return turn.home("Service ended");
            default:
                return menu(session, "Choose 1-6 or *");
        }
    }

    Screen slotKey(SlotPrompt prompt, char key) {
        Session session = prompt.session();
        EntryField.Press press = EntryField.NUMBER.press(prompt.entry(), key);
        return switch (press.outcome()) {
            case EDITED -> new SlotPrompt(session, press.entry(), "", turn.idleDeadline());
            case BACK -> menu(session, "");
            case END_EMPTY, TOO_SHORT, OTHER -> prompt;
            case ENTERED -> latchTest(session, Integer.parseInt(press.digits()));
        };
    }

    private Screen latchTest(Session session, int slot) {
        if (slot < 1 || slot > turn.settings().box().slots()) {
            return new SlotPrompt(session, Entry.EMPTY, "No slot " + slot, turn.idleDeadline());
        }
        if (believesKeyIn(slot)) {
            // A technician is not a key holder (SPEC §7): only an empty slot is tested.
            turn.audit(PickupAudit.latchTestRefused(session.userId(), slot));
            return new SlotPrompt(session, Entry.EMPTY, Screens.holdsKey(slot), turn.idleDeadline());
        }
        turn.effect(new Effect.Release(slot, session.userId(), null));
        return new LatchTest(session, slot, false, turn.now.mono() + turn.settings().timeouts().latchTestPulse().toMillis());
    }

    /**
     * Does the box believe a key is in {@code slot}: its sensor reads present, or the cache has
     * the slot's key in (not out)? Either way the latch test leaves it held.
     */
    private boolean believesKeyIn(int slot) {
        if (turn.cache.slotOccupied(slot)) {
            return true;
        }
        return turn.cache.keyInSlot(slot).map(key -> !turn.cache.keyState(key.id()).out()).orElse(false);
    }

    Screen latchTestDone(LatchTest test) {
        turn.effect(new Effect.Hold(test.slot()));
        boolean after = turn.cache.slotOccupied(test.slot());
        String before = Screens.keyWord(test.keyBefore());
        turn.audit(PickupAudit.latchTested(test.session().userId(), test.slot(), before, Screens.keyWord(after)));
        return new InfoPages(test.session(), Screens.latchTestTitle(test.slot()),
                List.of("Before: " + before, "After: " + Screens.keyWord(after)), 0, turn.idleDeadline());
    }

    Screen infoKey(InfoPages info, char key) {
        if (key == EntryField.END) {
            return new InfoPages(info.session(), info.title(), info.lines(), (info.page() + 1) % info.pages(),
                    turn.idleDeadline());
        } else if (key == EntryField.BACK) {
            return menu(info.session(), "");
        }
        return info;
    }

    Screen keypadTestKey(KeypadTest test, char key) {
        String echo = test.echo() + key;
        if (echo.endsWith("**")) {
            diag(test.session(), "keypad_test_done");
            return menu(test.session(), "");
        }
        return new KeypadTest(test.session(), echo, turn.idleDeadline());
    }

    Screen checksKey(ChecksRunning running, char key) {
        return key == EntryField.BACK ? menu(running.session(), "") : running;
    }

    /** The checks' result, if the technician still waits for it; otherwise it is dropped. */
    Screen checksDone(Screen current, Event.ChecksDone done) {
        if (current instanceof ChecksRunning running) {
            return new InfoPages(running.session(), "Check", ServicePages.checks(done.checks()), 0,
                    turn.idleDeadline());
        }
        return current;
    }

    private void diag(Session session, String action) {
        turn.audit(PickupAudit.diag(session.userId(), action));
    }
}
