package org.smartbox.pickup;

import org.smartbox.audit.AuditEvent;
import org.smartbox.auth.LockoutState;

/** What the machine wants done. The shell carries effects out in the order given. */
public sealed interface Effect {

    <R> R accept(Handler<R> handler);

    /** One method per kind, so the executor cannot silently skip a new kind. */
    interface Handler<R> {
        R show(Show effect);

        R release(Release effect);

        R hold(Hold effect);

        R sendCode(SendCode effect);

        R audit(Audit effect);

        R keyOut(KeyOut effect);

        R keyIn(KeyIn effect);

        R saveLockout(SaveLockout effect);

        R useAppStep(UseAppStep effect);

        R useGrant(UseGrant effect);

        R codeNotSent(CodeNotSent effect);

        R runChecks(RunChecks effect);
    }

    /**
     * Run the box's diagnostic checks away from the loop (they take seconds: a second database
     * connection, an integrity check, shell commands); the result comes back as {@link Event.ChecksDone}.
     */
    record RunChecks() implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.runChecks(this);
        }
    }

    /** Draw this frame on the display. */
    record Show(Frame frame) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.show(this);
        }
    }

    /**
     * Energize a slot's latch: the key can be taken out or put in. {@code userId} and {@code keyId}
     * say for whom and for which key (null for a latch test of an empty slot), so that a session a
     * crash cuts short is audited with them.
     */
    record Release(int slot, String userId, String keyId) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.release(this);
        }
    }

    /** De-energize a slot's latch. */
    record Hold(int slot) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.hold(this);
        }
    }

    /**
     * Record that a code was issued to this user and send it to their own mobile. The result comes
     * back as {@link Event.CodeDelivered} (then audited as sent) or {@link Event.CodeNotDelivered}
     * (then the issue is taken back with {@link CodeNotSent}). Counted while in flight, so a slow
     * gateway cannot be used to send more than the limit.
     */
    record SendCode(String userId, String mobile, String code) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.sendCode(this);
        }

        @Override
        public String toString() {
            return "SendCode[" + userId + ", " + Masking.mobile(mobile) + ", code=redacted]";
        }
    }

    /** Append to the audit log (and its upload outbox). */
    record Audit(AuditEvent event) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.audit(this);
        }
    }

    /**
     * The key left its slot: held by {@code holderId} (null when nobody the box knows took it) and,
     * when {@code accessId} is set, one pickup of that access is used up.
     */
    record KeyOut(String keyId, String holderId, String accessId) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.keyOut(this);
        }
    }

    /** The key is back in its slot. */
    record KeyIn(String keyId) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.keyIn(this);
        }
    }

    /** Persist the lockout counters, so a restart does not reset an attacker's count. */
    record SaveLockout(LockoutState state) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.saveLockout(this);
        }
    }

    /**
     * Mark an app unlock grant used, before its slot is released (it comes ahead of the
     * {@link Release}); a grant found used already must stop the release.
     */
    record UseGrant(String grantId, java.time.Instant expiresAt) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.useGrant(this);
        }
    }

    /** Remember that this user's app code for {@code step} was used, so it works only once. */
    record UseAppStep(String userId, long step) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.useAppStep(this);
        }
    }

    /**
     * No gateway sent this user's last code: it no longer counts against their codes per window (a
     * dead modem must not use up the person's limit before it is back).
     */
    record CodeNotSent(String userId) implements Effect {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.codeNotSent(this);
        }
    }
}
