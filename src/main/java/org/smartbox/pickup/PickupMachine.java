package org.smartbox.pickup;

import java.util.List;
import java.util.Optional;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.CodeFactory;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.CacheView;
import org.smartbox.cache.Enclosure;
import org.smartbox.cache.Key;
import org.smartbox.pickup.Screen.Home;
import org.smartbox.pickup.Screen.Locked;
import org.smartbox.pickup.Screen.OutOfService;
import org.smartbox.pickup.Screen.Releasing;
import org.smartbox.policy.TwoFactorPolicy;

/**
 * The kiosk's decisions (SPEC §3-§8) as a pure function: a state and an event (with the moment it
 * is handled and a read-only view of the cache) give the next state and a list of effects. No I/O,
 * no clock, no threads: the shell feeds events in and carries effects out.
 *
 * <p>This class routes: each event goes to the part that owns it ({@link Identification},
 * {@link SecondFactor}, {@link Handover}, {@link GrantOffers}, {@link ServiceMenus}), key presses
 * and deadlines through a {@link Screen.Visitor} per screen, all within one {@link Turn}.
 */
public final class PickupMachine {

    private final Rules rules;
    private final Screens screens;

    public PickupMachine(KioskSettings settings, TwoFactorPolicy policy, CodeFactory codes, AppCodes appCodes) {
        this.rules = new Rules(settings, policy, codes, appCodes);
        this.screens = new Screens(settings);
    }

    public KioskSettings settings() {
        return rules.settings();
    }

    /** The state at start-up, with lockout counters restored from the store, and its first frame. */
    public Transition start(LockoutState lockout, Moment now) {
        Screen screen = lockout.lockedAt(now.mono()) ? new Locked() : Home.idle();
        Frame frame = screens.render(screen, lockout, now);
        return new Transition(new KioskState(screen, lockout, frame), List.of(new Effect.Show(frame)));
    }

    public Transition handle(KioskState state, Event event, Moment now, CacheView cache) {
        Turn turn = new Turn(rules, state.lockout(), now, cache);
        // A key press queued behind a deadline must not beat it: time out first.
        Screen current = now.mono() >= nextDeadline(state, now.mono())
                ? state.screen().accept(new Deadline(turn)) : state.screen();
        Screen next = event.accept(new Reaction(turn, current));
        return finish(turn, state, next);
    }

    /** When the kiosk next needs a {@link Event.Tick} (monotonic millis), or {@link Screen#NEVER}. */
    public long nextDeadline(KioskState state, long nowMono) {
        if (state.screen() instanceof Locked) {
            long left = state.lockout().secondsLeft(nowMono);
            // The countdown changes when the remaining time crosses a whole second.
            return left <= 0 ? nowMono : state.lockout().lockedUntilMono() - (left - 1) * 1000;
        }
        return state.screen().deadline();
    }

    private Transition finish(Turn turn, KioskState before, Screen next) {
        LockoutState lockout = turn.lockout();
        Screen shown = lockout.lockedAt(turn.now.mono()) && next instanceof Home ? new Locked() : next;
        if (turn.cache.enclosure() == Enclosure.OPEN_STOPS_SERVICE && !(shown instanceof OutOfService)
                && !(shown instanceof Screen.Service)) {
            // Open cabinet, no technician at work: nobody is served until it is closed again.
            turn.holdOpenLatch(shown);
            shown = new OutOfService(ServiceMenus.DOOR_OPEN);
        }
        Frame frame = screens.render(shown, lockout, turn.now);
        if (!frame.equals(before.shown())) {
            turn.effect(new Effect.Show(frame));
        }
        return new Transition(new KioskState(shown, lockout, frame), turn.effects());
    }

    /** The technician's session on a service screen; null on every other screen. */
    private static String technicianOn(Screen screen) {
        return screen instanceof Screen.Service service ? service.session().userId() : null;
    }

    /** Each event, handed to the part of the machine that owns it. */
    private static final class Reaction implements Event.Handler<Screen> {

        private final Turn turn;
        /** The screen after any deadline that had passed when the event arrived. */
        private final Screen current;

        Reaction(Turn turn, Screen current) {
            this.turn = turn;
            this.current = current;
        }

        @Override
        public Screen tick(Event.Tick event) {
            return current;
        }

        @Override
        public Screen keyPressed(Event.KeyPressed event) {
            if (current instanceof Screen.Service service) {
                Optional<Screen> ended = turn.service.endIfRevoked(service);
                if (ended.isPresent()) {
                    return ended.get();
                }
            }
            return current.accept(new KeyPress(turn, event.key()));
        }

        @Override
        public Screen sensorChanged(Event.SensorChanged event) {
            if (current instanceof Releasing releasing && releasing.item().slot() == event.slot()) {
                return turn.handover.sensed(releasing, event.present());
            }
            // No pickup or return is under way for this slot: whoever moved the key, it is tamper.
            // A technician is not a key holder (SPEC §7): during any service screen, the latch test
            // included, the entry names them, and the key is out with nobody the box knows.
            Optional<Key> key = turn.cache.keyInSlot(event.slot());
            turn.audit(PickupAudit.keyMoved(event.slot(), key.map(Key::id).orElse(null), event.present(),
                    technicianOn(current)));
            turn.keyMoved(event.slot(), event.present());
            if (current instanceof Home && event.present()) {
                // Someone put a key in without starting a return: say how a return is done.
                return turn.home(Screens.firstFit("Slot " + event.slot() + ": no return",
                        "Slot " + event.slot()) + "\nStart a return first");
            }
            return current;
        }

        @Override
        public Screen codeDelivered(Event.CodeDelivered event) {
            return turn.factor.delivered(current, event.userId());
        }

        @Override
        public Screen codeNotDelivered(Event.CodeNotDelivered event) {
            return turn.factor.notDelivered(current, event.userId(), event.reason());
        }

        @Override
        public Screen appUnlock(Event.AppUnlock event) {
            return turn.grants.arrived(current, event);
        }

        @Override
        public Screen fault(Event.Fault event) {
            turn.holdOpenLatch(current);
            return new OutOfService(event.reason());
        }

        @Override
        public Screen faultCleared(Event.FaultCleared event) {
            return current instanceof OutOfService ? Home.idle() : current;
        }

        @Override
        public Screen enclosureChanged(Event.EnclosureChanged event) {
            String technician = technicianOn(current);
            if (event.open()) {
                turn.audit(PickupAudit.enclosureOpened(technician));
            } else {
                turn.audit(PickupAudit.enclosureClosed(technician));
                if (current instanceof OutOfService out && out.reason().equals(ServiceMenus.DOOR_OPEN)) {
                    return Home.idle();
                }
            }
            // Redrawn, so the menu shows the door's state.
            return current instanceof Screen.ServiceMenu menu ? turn.service.menu(menu.session(), menu.notice())
                    : current;
        }

        @Override
        public Screen checksDone(Event.ChecksDone event) {
            return turn.service.checksDone(current, event);
        }
    }
}
