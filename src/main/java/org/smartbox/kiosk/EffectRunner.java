package org.smartbox.kiosk;

import java.util.List;
import java.util.function.Consumer;
import org.smartbox.audit.AuditSink;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.auth.LockoutState;
import org.smartbox.hardware.Display;
import org.smartbox.hardware.Latches;
import org.smartbox.pickup.Effect;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.KioskSettings;
import org.smartbox.pickup.Moment;
import org.smartbox.store.BoxState;
import org.smartbox.store.StoreException;
import org.smartbox.store.StoreFault;

/**
 * Carries the machine's effects out, in order. Effects that only write the store and that follow
 * each other share one transaction, so a pickup's key state, access count and audit entry are
 * committed together or not at all. It knows the box only through its ports: the records, the audit
 * sink, the latches, the display and the SMS dispatch; SQLite or memory behind them is all the same.
 */
public final class EffectRunner implements Effect.Handler<Void> {

    private final BoxRecords store;
    private final AuditSink audit;
    private final Latches latches;
    private final Display display;
    private final SmsDispatch sms;
    private final Checks checks;
    private final KioskSettings settings;
    private final Consumer<Event> feedback;
    private Moment now;
    /** A latch was held: its open-latch marker is cleared with the next write, in the same transaction. */
    private boolean heldSinceLastWrite;

    /**
     * @param feedback where events that effects cause (an SMS outcome, the checks' result) go: back into the loop
     */
    public EffectRunner(BoxRecords store, AuditSink audit, Latches latches, Display display, SmsDispatch sms,
                        Checks checks, KioskSettings settings, Consumer<Event> feedback) {
        this.store = store;
        this.audit = audit;
        this.latches = latches;
        this.display = display;
        this.sms = sms;
        this.checks = checks;
        this.settings = settings;
        this.feedback = feedback;
    }

    public void run(List<Effect> effects, Moment at) {
        this.now = at;
        int i = 0;
        while (i < effects.size()) {
            if (!writesStoreOnly(effects.get(i))) {
                effects.get(i).accept(this);
                i++;
                continue;
            }
            int end = i;
            while (end < effects.size() && writesStoreOnly(effects.get(end))) {
                end++;
            }
            writeGroup(effects.subList(i, end));
            i = end;
        }
        if (heldSinceLastWrite) {
            writeGroup(List.of());
        }
    }

    /**
     * Writes a group of store effects in one transaction. On a full disk the reserve is freed and the
     * group written again, so the event in hand is recorded; the box then goes out of service.
     */
    private void writeGroup(List<Effect> group) {
        try {
            write(group);
        } catch (StoreException e) {
            if (!e.diskFull() || !store.releaseReserve()) {
                throw e;
            }
            write(group);
            throw new StoreException(StoreFault.DISK_FULL, store.where() + ": the disk is full (last event recorded from the reserve)", e);
        }
    }

    private void write(List<Effect> group) {
        store.transaction(() -> {
            if (heldSinceLastWrite) {
                store.clearOpenLatch();
            }
            group.forEach(effect -> effect.accept(this));
            return null;
        });
        heldSinceLastWrite = false;
    }

    private static boolean writesStoreOnly(Effect effect) {
        return effect instanceof Effect.Audit || effect instanceof Effect.KeyOut || effect instanceof Effect.KeyIn
                || effect instanceof Effect.SaveLockout || effect instanceof Effect.UseAppStep
                || effect instanceof Effect.UseGrant
                || effect instanceof Effect.SendCode || effect instanceof Effect.CodeNotSent;
    }

    @Override
    public Void show(Effect.Show effect) {
        display.show(effect.frame());
        return null;
    }

    @Override
    public Void release(Effect.Release effect) {
        // Noted before the latch moves, so a crash while it is open is found at the next start; if
        // it cannot be noted, the latch stays held (the loop goes out of service).
        store.transaction(() -> {
            store.setOpenLatch(new BoxState.OpenLatch(Integer.toString(effect.slot()), effect.userId(),
                    effect.keyId()));
            return null;
        });
        heldSinceLastWrite = false;
        latches.release(effect.slot());
        return null;
    }

    @Override
    public Void hold(Effect.Hold effect) {
        latches.hold(effect.slot());
        heldSinceLastWrite = true;
        return null;
    }

    @Override
    public Void sendCode(Effect.SendCode effect) {
        store.recordCodeIssued(effect.userId(), now.wall());
        String text = CodeMessage.text(effect.code(), settings.codes().lifetime());
        // Sent only once the issue is committed: no code leaves uncounted. CODE_SENT is audited when a
        // gateway confirms (the machine hears it as CodeDelivered), never before.
        store.afterCommit(() -> sms.dispatch(effect.userId(), effect.mobile(), text, feedback));
        return null;
    }

    @Override
    public Void runChecks(Effect.RunChecks effect) {
        checks.start(now.wall(), feedback);
        return null;
    }

    @Override
    public Void audit(Effect.Audit effect) {
        audit.append(effect.event(), now.wall());
        return null;
    }

    @Override
    public Void keyOut(Effect.KeyOut effect) {
        store.keyOut(effect.keyId(), effect.holderId(), effect.accessId(), now.wall());
        return null;
    }

    @Override
    public Void keyIn(Effect.KeyIn effect) {
        store.keyIn(effect.keyId(), now.wall());
        return null;
    }

    @Override
    public Void saveLockout(Effect.SaveLockout effect) {
        store.saveLockout(LockoutClock.toWall(effect.state(), now));
        return null;
    }

    @Override
    public Void codeNotSent(Effect.CodeNotSent effect) {
        store.forgetLastCodeIssued(effect.userId());
        return null;
    }

    @Override
    public Void useAppStep(Effect.UseAppStep effect) {
        store.useAppStep(effect.userId(), effect.step());
        return null;
    }

    @Override
    public Void useGrant(Effect.UseGrant effect) {
        // Committed before the Release that follows; a grant found used stops it (fail closed).
        if (!store.useGrant(effect.grantId(), effect.expiresAt(), now.wall())) {
            throw new IllegalStateException("grant " + effect.grantId() + " was already used");
        }
        return null;
    }

    /** Converts lockout counters between monotonic time (in memory) and wall time (stored). */
    public static final class LockoutClock {
        private LockoutClock() {
        }

        public static BoxState.SavedLockout toWall(LockoutState state, Moment now) {
            long offset = now.wall().toEpochMilli() - now.mono();
            return new BoxState.SavedLockout(state.failures(), state.level(), state.quietFromMono() + offset,
                    state.lockedUntilMono() + offset, state.windowFailures(), state.windowStartMono() + offset);
        }

        /**
         * Restores counters after a restart. No time lies in the future, so a wall clock that jumped
         * back can stretch neither a lock nor the hour's failure window; the policy bounds the lock.
         */
        public static LockoutState fromWall(BoxState.SavedLockout saved, Moment now, LockoutPolicy policy) {
            long nowWall = now.wall().toEpochMilli();
            long quietAgo = Math.max(0, nowWall - saved.quietFromWall());
            long windowAgo = Math.max(0, nowWall - saved.windowStartWall());
            return policy.restored(saved.failures(), saved.level(), now.mono() - quietAgo,
                    saved.lockedUntilWall() - nowWall, saved.windowFailures(), now.mono() - windowAgo, now.mono());
        }
    }
}
