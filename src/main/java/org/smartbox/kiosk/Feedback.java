package org.smartbox.kiosk;

import java.util.List;
import java.util.Optional;
import org.smartbox.audit.AuditType;
import org.smartbox.hardware.Beeper;
import org.smartbox.hardware.StatusLight;
import org.smartbox.pickup.Effect;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.KioskState;
import org.smartbox.pickup.Screen;

/**
 * Turns what the kiosk does into beeps and the status LED: one beep for every key the screen took,
 * then the outcome's pattern (read from the audit entries the step wrote), and the LED's mode from
 * the screen. Runs on the loop thread; both parts return at once.
 */
public final class Feedback {

    private final Optional<Beeper> beeper;
    private final Optional<StatusLight> light;

    public Feedback(Optional<Beeper> beeper, Optional<StatusLight> light) {
        this.beeper = beeper;
        this.light = light;
    }

    /** Watches the loop from now on. */
    public void attach(KioskLoop loop) {
        if (beeper.isPresent() || light.isPresent()) {
            loop.observe(this::handled);
        }
    }

    void handled(Event event, KioskState before, KioskState after, List<Effect> effects) {
        beeper.ifPresent(b -> {
            if (event instanceof Event.KeyPressed && before != null && takesKeys(before.screen())) {
                b.play(Beeper.Pattern.KEY);
            }
            outcome(effects).ifPresent(b::play);
        });
        light.ifPresent(l -> l.show(mode(after.screen())));
    }

    /** The screens where a key press does something; elsewhere (locked, out of service, a latch open) it is ignored. */
    static boolean takesKeys(Screen screen) {
        return !(screen instanceof Screen.Locked || screen instanceof Screen.OutOfService
                || screen instanceof Screen.Releasing || screen instanceof Screen.LatchTest);
    }

    /** What the step's audit entries say about how it ended, if anything worth a pattern. */
    static Optional<Beeper.Pattern> outcome(List<Effect> effects) {
        Beeper.Pattern pattern = null;
        for (Effect effect : effects) {
            if (!(effect instanceof Effect.Audit audit)) {
                continue;
            }
            AuditType type = audit.event().type();
            if (type == AuditType.LOCKOUT) {
                return Optional.of(Beeper.Pattern.LOCKOUT);
            }
            switch (type) {
                case PICKUP, RETURN, SERVICE_LOGIN -> pattern = Beeper.Pattern.SUCCESS;
                case IDENTIFY_FAILED, CODE_REJECTED, DENIED, SERVICE_LOGIN_FAILED -> pattern = Beeper.Pattern.ERROR;
                default -> {
                    // no sound of its own
                }
            }
        }
        return Optional.ofNullable(pattern);
    }

    static StatusLight.Mode mode(Screen screen) {
        if (screen instanceof Screen.OutOfService) {
            return StatusLight.Mode.OUT_OF_SERVICE;
        }
        boolean idle = screen instanceof Screen.Home home && home.entry().isEmpty() || screen instanceof Screen.Locked;
        return idle ? StatusLight.Mode.READY : StatusLight.Mode.BUSY;
    }
}
