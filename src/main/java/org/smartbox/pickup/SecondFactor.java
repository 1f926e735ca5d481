package org.smartbox.pickup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.CodeHash;
import org.smartbox.cache.User;
import org.smartbox.pickup.Screen.Challenge;
import org.smartbox.pickup.Screen.Phase;
import org.smartbox.pickup.Screen.Purpose;
import org.smartbox.pickup.Screen.Verify;

/**
 * The second factor (SPEC §4-§5): when one is needed, the code screen, the SMS code and the app
 * code, wrong codes, and what happens when no factor can be had.
 */
final class SecondFactor {

    private final Turn turn;

    SecondFactor(Turn turn) {
        this.turn = turn;
    }

    /** SPEC §4: the owner's setting decides for a pickup; a short account code always asks. */
    boolean needed(Session session, User picker, Candidate candidate) {
        return candidate.isPickup() && (session.shortCode() || turn.rules.policy()
                .forPickup(picker, candidate.key(), turn.cache.user(candidate.key().ownerId())).required());
    }

    Screen start(Session session, Purpose purpose, Candidate pending) {
        Verify verify = new Verify(new Challenge(session, purpose, pending, Phase.OFFER_APP, null, 0), Entry.EMPTY,
                "", turn.idleDeadline());
        boolean hasApp = turn.cache.user(session.userId()).map(User::hasAppSecret).orElse(false);
        // With an app the code screen first offers the app code and sends nothing until asked.
        return hasApp ? verify : sendSms(verify);
    }

    Screen key(Verify verify, char key) {
        long deadline = verify.phase() == Phase.OFFER_APP ? turn.idleDeadline() : verify.deadline();
        EntryField.Press press = EntryField.CODE.press(verify.entry(), key);
        return switch (press.outcome()) {
            case EDITED -> verify.with(press.entry(), "", deadline);
            case BACK -> turn.home("Cancelled");
            case END_EMPTY -> sendSms(verify);
            case TOO_SHORT -> verify.with(press.entry(), "Code has 6 digits", deadline);
            case ENTERED -> check(verify, press.digits(), deadline);
            case OTHER -> verify;
        };
    }

    /** The gateway confirmed a code left: only now is it audited as sent. */
    Screen delivered(Screen current, String userId) {
        String to = turn.cache.user(userId).flatMap(User::mobileNumber).map(Masking::mobile).orElse(null);
        if (current instanceof Verify verify && verify.phase() == Phase.SENDING
                && verify.session().userId().equals(userId)) {
            turn.audit(PickupAudit.codeSent(userId, to));
            return verify.inPhase(Phase.WAITING);
        }
        // Nobody waits for it any more (the code expired or the person left): the code is void.
        turn.audit(PickupAudit.codeSentLate(userId, to));
        return current;
    }

    Screen notDelivered(Screen current, String userId, String reason) {
        // A send that failed does not use up the person's codes per window.
        turn.effect(new Effect.CodeNotSent(userId));
        if (current instanceof Verify verify && verify.phase() != Phase.OFFER_APP
                && verify.session().userId().equals(userId)) {
            return unavailable(verify, "sms_failed", reason, "Code cannot be sent");
        }
        return current;
    }

    Screen timedOut(Verify verify) {
        String user = verify.session().userId();
        if (verify.phase() == Phase.OFFER_APP) {
            turn.audit(PickupAudit.sessionTimeout(user, "Verify"));
        } else {
            turn.audit(PickupAudit.codeExpired(user));
        }
        if (verify.purpose() == Purpose.SERVICE) {
            turn.audit(PickupAudit.serviceLoginFailed(user, "timeout", null));
        }
        return turn.home(verify.phase() == Phase.OFFER_APP ? "Timed out" : "Code expired");
    }

    private Screen sendSms(Verify verify) {
        KioskSettings settings = turn.settings();
        String userId = verify.session().userId();
        Optional<String> mobile = turn.cache.user(userId).flatMap(User::mobileNumber);
        if (mobile.isEmpty()) {
            return unavailable(verify, "no_mobile", null, "No mobile on file");
        }
        int issued = turn.cache.codesIssuedSince(userId, turn.now.wall().minus(settings.codes().window()));
        if (issued >= settings.codes().perWindow()) {
            String wait = Screens.waitText(secondsUntilCodeAllowed(userId));
            return unavailable(verify, "code_limit", null,
                    "Too many codes sent\n" + Screens.firstFit("Next code in " + wait, "Wait " + wait));
        }
        String code = turn.rules.codes().newCode();
        CodeHash hash = turn.rules.codes().hash(code);
        turn.effect(new Effect.SendCode(userId, mobile.get(), code));
        return new Verify(verify.challenge().sent(hash), Entry.EMPTY, "",
                turn.now.mono() + settings.codes().lifetime().toMillis());
    }

    /**
     * The factor cannot be had (SPEC §4 rule 5): deny, never fall back to "no factor". What needs
     * no factor (returns, pickups whose owner asks none) stays possible.
     */
    private Screen unavailable(Verify verify, String reason, String detail, String message) {
        String userId = verify.session().userId();
        if (verify.purpose() == Purpose.SERVICE) {
            turn.audit(PickupAudit.serviceLoginFailed(userId, reason, detail));
            return turn.home(message);
        }
        turn.audit(PickupAudit.denied(userId, reason, detail));
        if (verify.challenge().pending() != null) {
            return turn.home(message);
        }
        List<Candidate> withoutFactor = turn.cache.user(userId)
                .map(user -> turn.candidates(user).stream()
                        .filter(c -> !needed(verify.session(), user, c)).toList())
                .orElse(List.of());
        // Shown as a list even for one item: the denial stays on screen until the person chooses,
        // instead of giving way at once to "Take key from slot N" of a key they did not ask for.
        // The list's notice is one line: of a two-line message, the second (how long to wait) says most.
        String oneLine = message.substring(message.indexOf('\n') + 1);
        return withoutFactor.isEmpty() ? turn.home(message)
                : turn.handover.list(verify.session(), withoutFactor, oneLine);
    }

    private Screen check(Verify verify, String typed, long deadline) {
        Challenge challenge = verify.challenge();
        String userId = challenge.session().userId();
        if (challenge.code() != null && turn.rules.codes().matches(challenge.code(), typed)) {
            return done(challenge, Factor.SMS);
        }
        String rejection = "wrong";
        Optional<byte[]> secret = turn.cache.appSecret(userId);
        if (secret.isPresent()) {
            AppCodes.Check check = turn.rules.appCodes().check(secret.get(), typed, turn.now.wall(),
                    turn.cache.lastAppStep(userId));
            if (check.accepted()) {
                turn.effect(new Effect.UseAppStep(userId, check.step()));
                return done(challenge, Factor.APP);
            }
            rejection = check.outcome() == AppCodes.Outcome.REPLAYED ? "app_code_reused" : rejection;
        }
        Challenge wrong = challenge.wrongOnceMore();
        turn.audit(PickupAudit.codeRejected(userId, wrong.wrongTries(), rejection));
        boolean locked = turn.failure();
        int maxWrong = turn.settings().codes().maxWrong();
        if (wrong.wrongTries() >= maxWrong || locked) {
            if (challenge.purpose() == Purpose.SERVICE) {
                turn.audit(PickupAudit.serviceLoginFailed(userId, locked ? "lockout" : "wrong_codes", null));
            }
            return locked ? new Screen.Locked() : turn.home("Too many wrong codes");
        }
        // Whichever comes first: the code's own limit, or the keypad lockout.
        int left = Math.min(maxWrong - wrong.wrongTries(), turn.triesBeforeLock());
        return new Verify(wrong, Entry.EMPTY, "Wrong code, " + left + " left", deadline);
    }

    private Screen done(Challenge challenge, Factor factor) {
        Session session = challenge.session().withFactor(factor);
        if (challenge.purpose() == Purpose.SERVICE) {
            return turn.service.factorDone(session);
        }
        turn.audit(PickupAudit.codeAccepted(session.userId(), factor, session.shortCode()));
        if (challenge.pending() != null) {
            return turn.handover.select(session, challenge.pending());
        }
        List<Candidate> candidates = turn.cache.user(session.userId()).map(turn::candidates).orElse(List.of());
        return candidates.isEmpty() ? turn.home("Nothing to do here") : turn.handover.offer(session, candidates);
    }

    /**
     * Seconds until the oldest code in the window leaves it and a new code may be sent. The cache
     * only counts codes since an instant, so the moment is found by halving: the count can only
     * fall as the start of the window moves on (about 10 counts, on a path a person rarely takes).
     */
    private long secondsUntilCodeAllowed(String userId) {
        KioskSettings settings = turn.settings();
        long low = 0;
        long high = settings.codes().window().toSeconds();
        Instant windowStart = turn.now.wall().minus(settings.codes().window());
        while (low < high) {
            long mid = (low + high) / 2;
            if (turn.cache.codesIssuedSince(userId, windowStart.plusSeconds(mid)) < settings.codes().perWindow()) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        // The window includes its start: a code issued exactly "window" ago still counts, so the
        // search lands one second past the moment the code leaves (just after low - 1 seconds).
        return Math.max(0, low - 1);
    }
}
