package org.smartbox.pickup;

import java.util.ArrayList;
import java.util.List;
import org.smartbox.audit.AuditEvent;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.CacheView;
import org.smartbox.cache.User;

/**
 * One event's work: the moment, the cache as it is now, the effects collected so far and the
 * lockout counters as they change. The parts of the machine ({@link Identification},
 * {@link SecondFactor}, {@link Handover}, {@link GrantOffers}, {@link ServiceMenus}) decide the next
 * screen through it; it lives for one event and is never shared.
 */
final class Turn {

    final Rules rules;
    final Moment now;
    final CacheView cache;
    final Identification identification = new Identification(this);
    final SecondFactor factor = new SecondFactor(this);
    final Handover handover = new Handover(this);
    final GrantOffers grants = new GrantOffers(this);
    final ServiceMenus service = new ServiceMenus(this);
    private final List<Effect> effects = new ArrayList<>();
    private LockoutState lockout;

    Turn(Rules rules, LockoutState lockout, Moment now, CacheView cache) {
        this.rules = rules;
        this.now = now;
        this.cache = cache;
        this.lockout = rules.settings().lockout().forgetIfQuiet(lockout, now.mono());
    }

    KioskSettings settings() {
        return rules.settings();
    }

    LockoutState lockout() {
        return lockout;
    }

    List<Effect> effects() {
        return effects;
    }

    void effect(Effect effect) {
        effects.add(effect);
    }

    void audit(AuditEvent event) {
        effects.add(new Effect.Audit(event));
    }

    /** What this user can do here, on this box's slots only. */
    List<Candidate> candidates(User user) {
        return Candidates.of(user, cache, now.wall(), settings().box().slots());
    }

    Screen home(String notice) {
        return new Screen.Home(Entry.EMPTY, notice, notice.isEmpty() ? Screen.NEVER : idleDeadline());
    }

    long idleDeadline() {
        return now.mono() + settings().timeouts().idle().toMillis();
    }

    /** Counts a failure against the box; true when it started a lockout. */
    boolean failure() {
        lockout = settings().lockout().onFailure(lockout, now.mono());
        effects.add(new Effect.SaveLockout(lockout));
        if (lockout.lockedAt(now.mono())) {
            audit(PickupAudit.lockout(lockout.secondsLeft(now.mono())));
            return true;
        }
        return false;
    }

    void success() {
        LockoutState cleared = settings().lockout().onSuccess(lockout, now.mono());
        if (!cleared.equals(lockout)) {
            lockout = cleared;
            effects.add(new Effect.SaveLockout(lockout));
        }
    }

    /**
     * Failures left before the keypad locks: the consecutive count of SPEC §6, or the hour's
     * cap if that is nearer.
     */
    int triesBeforeLock() {
        LockoutPolicy rules = settings().lockout();
        int left = rules.maxFailures() - lockout.failures();
        if (rules.maxFailuresPerWindow() > 0) {
            left = Math.min(left, rules.maxFailuresPerWindow() - lockout.windowFailures());
        }
        return Math.max(1, left);
    }

    /** The cache's key in {@code slot}, if any, marked in or out as the sensor says. */
    void keyMoved(int slot, boolean present) {
        cache.keyInSlot(slot).ifPresent(key -> effects.add(present ? new Effect.KeyIn(key.id())
                : new Effect.KeyOut(key.id(), null, null)));
    }

    /** Whatever latch {@code screen} holds open is held again. */
    void holdOpenLatch(Screen screen) {
        if (screen instanceof Screen.Releasing releasing) {
            effects.add(new Effect.Hold(releasing.item().slot()));
        } else if (screen instanceof Screen.LatchTest test) {
            effects.add(new Effect.Hold(test.slot()));
        }
    }
}
