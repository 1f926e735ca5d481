package org.smartbox.kiosk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.LockoutState;
import org.smartbox.hardware.Beeper;
import org.smartbox.hardware.StatusLight;
import org.smartbox.pickup.Effect;
import org.smartbox.pickup.Entry;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.Frame;
import org.smartbox.pickup.KioskState;
import org.smartbox.pickup.Screen;

/** What the beeper and the status LED say about each step of the kiosk. */
class FeedbackTest {

    private final List<Beeper.Pattern> beeps = new ArrayList<>();
    private final List<StatusLight.Mode> modes = new ArrayList<>();
    private final Feedback feedback = new Feedback(Optional.of(new Beeper() {
        @Override
        public void play(Pattern pattern) {
            beeps.add(pattern);
        }

        @Override
        public void close() {
        }
    }), Optional.of(new StatusLight() {
        @Override
        public void show(Mode mode) {
            modes.add(mode);
        }

        @Override
        public void close() {
        }
    }));

    private static KioskState on(Screen screen) {
        return new KioskState(screen, LockoutState.CLEAR, Frame.of());
    }

    private static Effect audit(AuditType type) {
        return new Effect.Audit(AuditEvent.of(type));
    }

    @Test
    void everyKeyTheScreenTakesGetsTheSameBeep() {
        KioskState home = on(Screen.Home.idle());
        for (char key : "0123456789*#AD".toCharArray()) {
            feedback.handled(new Event.KeyPressed(key), home, home, List.of());
        }
        assertEquals(14, beeps.size());
        assertTrue(beeps.stream().allMatch(b -> b == Beeper.Pattern.KEY), beeps.toString());
    }

    @Test
    void keysALockedKeypadIgnoresAreSilent() {
        KioskState locked = on(new Screen.Locked());
        feedback.handled(new Event.KeyPressed('5'), locked, locked, List.of());
        KioskState out = on(new Screen.OutOfService("Hardware error"));
        feedback.handled(new Event.KeyPressed('5'), out, out, List.of());
        assertEquals(List.of(), beeps);
    }

    @Test
    void outcomesHaveTheirOwnPatternsAfterTheKeyBeep() {
        KioskState home = on(Screen.Home.idle());
        feedback.handled(new Event.KeyPressed('#'), home, home, List.of(audit(AuditType.IDENTIFY_FAILED)));
        feedback.handled(new Event.KeyPressed('#'), home, home, List.of(audit(AuditType.IDENTIFY_FAILED),
                audit(AuditType.LOCKOUT)));
        feedback.handled(new Event.SensorChanged(3, false), home, home, List.of(audit(AuditType.PICKUP)));
        assertEquals(List.of(Beeper.Pattern.KEY, Beeper.Pattern.ERROR, Beeper.Pattern.KEY, Beeper.Pattern.LOCKOUT,
                Beeper.Pattern.SUCCESS), beeps);
    }

    @Test
    void theLedShowsReadyBusyAndOutOfService() {
        KioskState home = on(Screen.Home.idle());
        KioskState typing = on(new Screen.Home(Entry.EMPTY.type('5', 16), "", 1000));
        feedback.handled(null, null, home, List.of());
        feedback.handled(new Event.KeyPressed('5'), home, typing, List.of());
        feedback.handled(null, typing, on(new Screen.OutOfService("Service door open")), List.of());
        feedback.handled(null, typing, on(new Screen.Locked()), List.of());
        assertEquals(List.of(StatusLight.Mode.READY, StatusLight.Mode.BUSY, StatusLight.Mode.OUT_OF_SERVICE,
                StatusLight.Mode.READY), modes);
    }
}
