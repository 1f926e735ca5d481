package org.smartbox.pickup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.CodeFactory;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.BoxStatus;
import org.smartbox.cache.CacheView;
import org.smartbox.cache.Enclosure;
import org.smartbox.cache.HealthCheck;
import org.smartbox.cache.Key;
import org.smartbox.cache.User;
import org.smartbox.pickup.Screen.Choose;
import org.smartbox.pickup.Screen.DisplayTest;
import org.smartbox.pickup.Screen.GrantOffer;
import org.smartbox.pickup.Screen.Home;
import org.smartbox.pickup.Screen.InfoPages;
import org.smartbox.pickup.Screen.KeypadTest;
import org.smartbox.pickup.Screen.LatchTest;
import org.smartbox.pickup.Screen.Locked;
import org.smartbox.pickup.Screen.OutOfService;
import org.smartbox.pickup.Screen.Phase;
import org.smartbox.pickup.Screen.Purpose;
import org.smartbox.pickup.Screen.Releasing;
import org.smartbox.pickup.Screen.ServiceMenu;
import org.smartbox.pickup.Screen.SlotPrompt;
import org.smartbox.pickup.Screen.Verify;
import org.smartbox.policy.TwoFactorPolicy;

/**
 * The kiosk's decisions (SPEC §3-§8) as a pure function: a state and an event (with the moment it
 * is handled and a read-only view of the cache) give the next state and a list of effects. No I/O,
 * no clock, no threads: the shell feeds events in and carries effects out.
 */
public final class PickupMachine {

    /** Longest valid entry: a full international number. */
    private static final int MAX_ID_DIGITS = 15;
    /** One digit more is kept, so an over-long entry stays invalid instead of being cut to a valid one. */
    private static final int MAX_TYPED_DIGITS = MAX_ID_DIGITS + 1;
    private static final int CODE_DIGITS = 6;
    /** How long an accepted grant is offered on the display at most (sync-format.md). */
    static final Duration GRANT_OFFER = Duration.ofSeconds(60);
    /** What the display says while the box is out of service because its enclosure is open. */
    static final String DOOR_OPEN = "Service door open";

    private final KioskSettings settings;
    private final TwoFactorPolicy policy;
    private final CodeFactory codes;
    private final AppCodes appCodes;
    private final Screens screens;

    public PickupMachine(KioskSettings settings, TwoFactorPolicy policy, CodeFactory codes, AppCodes appCodes) {
        this.settings = settings;
        this.policy = policy;
        this.codes = codes;
        this.appCodes = appCodes;
        this.screens = new Screens(settings);
    }

    public KioskSettings settings() {
        return settings;
    }

    /** The state at start-up, with lockout counters restored from the store, and its first frame. */
    public Transition start(LockoutState lockout, Moment now) {
        Screen screen = lockout.lockedAt(now.mono()) ? new Locked() : Home.idle();
        Frame frame = screens.render(screen, lockout, now);
        return new Transition(new KioskState(screen, lockout, frame), List.of(new Effect.Show(frame)));
    }

    public Transition handle(KioskState state, Event event, Moment now, CacheView cache) {
        Step step = new Step(state, now, cache);
        return step.finish(event.accept(step));
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

    /** The work of one event: collects effects and lockout changes while it decides the next screen. */
    private final class Step implements Event.Handler<Screen> {

        private final KioskState before;
        private final Moment now;
        private final CacheView cache;
        private final List<Effect> effects = new ArrayList<>();
        private LockoutState lockout;
        /** The screen after any deadline that had passed when the event arrived. */
        private final Screen current;

        Step(KioskState before, Moment now, CacheView cache) {
            this.before = before;
            this.now = now;
            this.cache = cache;
            this.lockout = settings.lockout().forgetIfQuiet(before.lockout(), now.mono());
            // A key press queued behind a deadline must not beat it: time out first.
            this.current = now.mono() >= nextDeadline(before, now.mono()) ? onTimeout(before.screen())
                    : before.screen();
        }

        Transition finish(Screen next) {
            Screen shown = lockout.lockedAt(now.mono()) && next instanceof Home ? new Locked() : next;
            if (cache.enclosure() == Enclosure.OPEN_STOPS_SERVICE && !(shown instanceof OutOfService)
                    && serviceSession(shown) == null) {
                // Open cabinet, no technician at work: nobody is served until it is closed again.
                holdOpenLatch(shown);
                shown = new OutOfService(DOOR_OPEN);
            }
            Frame frame = screens.render(shown, lockout, now);
            if (!frame.equals(before.shown())) {
                effects.add(new Effect.Show(frame));
            }
            return new Transition(new KioskState(shown, lockout, frame), effects);
        }

        // ---- events ----

        @Override
        public Screen tick(Event.Tick event) {
            return current;
        }

        @Override
        public Screen keyPressed(Event.KeyPressed event) {
            char key = event.key();
            Screen s = current;
            Session technician = serviceSession(s);
            if (technician != null && !(s instanceof LatchTest)) {
                // SPEC §7: every menu action re-checks the technician as the cache has them now.
                String revoked = technicianRevoked(technician);
                if (revoked != null) {
                    audit(AuditType.DENIED, "user", technician.userId(), "reason", revoked, "action", "service");
                    return home("Service ended");
                }
            }
            if (s instanceof Home home) {
                return homeKey(home, key);
            } else if (s instanceof Verify verify) {
                return verifyKey(verify, key);
            } else if (s instanceof Choose choose) {
                return chooseKey(choose, key);
            } else if (s instanceof ServiceMenu menu) {
                return menuKey(menu, key);
            } else if (s instanceof SlotPrompt prompt) {
                return slotKey(prompt, key);
            } else if (s instanceof InfoPages info) {
                return infoKey(info, key);
            } else if (s instanceof Screen.ChecksRunning running) {
                return key == '*' ? serviceMenu(running.session(), "") : running;
            } else if (s instanceof KeypadTest test) {
                return keypadTestKey(test, key);
            } else if (s instanceof DisplayTest test) {
                return serviceMenu(test.session(), "");
            } else if (s instanceof GrantOffer offer) {
                return grantOfferKey(offer, key);
            } else if (s instanceof Locked) {
                // Nothing is typed, but the key gets an answer: how long the lock still lasts.
                return new Locked(true);
            }
            // Out of service, or a latch is open: the keypad has nothing to say.
            return s;
        }

        @Override
        public Screen sensorChanged(Event.SensorChanged event) {
            Screen s = current;
            if (s instanceof Releasing releasing && releasing.item().slot() == event.slot()) {
                return releaseSensed(releasing, event.present());
            }
            // No pickup or return is under way for this slot: whoever moved the key, it is tamper.
            // A technician is not a key holder (SPEC §7): during any service screen, the latch test
            // included, the entry names them, and the key is out with nobody the box knows.
            Session technician = serviceSession(s);
            Optional<Key> key = cache.keyInSlot(event.slot());
            audit(AuditType.TAMPER, "slot", event.slot(), "key", key.map(Key::id).orElse(null),
                    "change", event.present() ? "inserted" : "removed",
                    "user", technician == null ? null : technician.userId());
            keyMoved(event.slot(), event.present(), null);
            if (s instanceof Home && event.present()) {
                // Someone put a key in without starting a return: say how a return is done.
                return home(Screens.firstFit("Slot " + event.slot() + ": no return",
                        "Slot " + event.slot()) + "\nStart a return first");
            }
            return s;
        }

        @Override
        public Screen codeDelivered(Event.CodeDelivered event) {
            String to = cache.user(event.userId()).flatMap(User::mobileNumber).map(Masking::mobile).orElse(null);
            if (current instanceof Verify verify && verify.phase() == Phase.SENDING
                    && verify.session().userId().equals(event.userId())) {
                // Audited only now that a gateway confirmed: a code that never left is not "sent".
                audit(AuditType.CODE_SENT, "user", event.userId(), "to", to);
                return verify.inPhase(Phase.WAITING);
            }
            // Nobody waits for it any more (the code expired or the person left): the code is void.
            audit(AuditType.CODE_SENT, "user", event.userId(), "to", to, "late", "void");
            return current;
        }

        @Override
        public Screen codeNotDelivered(Event.CodeNotDelivered event) {
            // A send that failed does not use up the person's codes per window.
            effects.add(new Effect.CodeNotSent(event.userId()));
            if (current instanceof Verify verify && verify.phase() != Phase.OFFER_APP
                    && verify.session().userId().equals(event.userId())) {
                return factorUnavailable(verify, "sms_failed", event.reason(), "Code cannot be sent");
            }
            return current;
        }

        @Override
        public Screen appUnlock(Event.AppUnlock event) {
            boolean idle = current instanceof Home home && home.entry().isEmpty() || current instanceof Locked;
            if (!idle) {
                return grantRejected(event, "box_busy");
            }
            Optional<User> user = cache.user(event.userId());
            if (user.isEmpty()) {
                return grantRejected(event, "unknown_user");
            }
            Optional<Key> key = cache.key(event.keyId());
            if (key.isEmpty()) {
                return grantRejected(event, "unknown_key");
            }
            if (!cache.slotOccupied(key.get().slot())) {
                return grantRejected(event, "key_not_in_box");
            }
            Optional<Candidate> pickup = candidates(user.get()).stream()
                    .filter(c -> c.isPickup() && c.key().id().equals(event.keyId())).findFirst();
            if (pickup.isEmpty()) {
                return grantRejected(event, "not_allowed");
            }
            long left = Duration.between(now.wall(), event.expiresAt()).toMillis();
            if (left <= 0) {
                return grantRejected(event, "expired");
            }
            // Someone must be at the box: the slot opens only when # is pressed on this offer.
            audit(AuditType.GRANT_OFFERED, "grant", event.grantId(), "user", event.userId(), "key", event.keyId(),
                    "slot", pickup.get().slot());
            return new GrantOffer(event.grantId(), new Session(user.get(), Factor.APP), pickup.get(),
                    event.expiresAt(), now.mono() + Math.min(GRANT_OFFER.toMillis(), left));
        }

        @Override
        public Screen fault(Event.Fault event) {
            holdOpenLatch(current);
            return new OutOfService(event.reason());
        }

        @Override
        public Screen faultCleared(Event.FaultCleared event) {
            return current instanceof OutOfService ? Home.idle() : current;
        }

        @Override
        public Screen enclosureChanged(Event.EnclosureChanged event) {
            Session technician = serviceSession(current);
            String user = technician == null ? null : technician.userId();
            if (event.open()) {
                audit(AuditType.TAMPER, "source", "enclosure", "change", "opened", "user", user);
            } else {
                audit(AuditType.TAMPER_CLEARED, "source", "enclosure", "user", user);
                if (current instanceof OutOfService out && out.reason().equals(DOOR_OPEN)) {
                    return Home.idle();
                }
            }
            // Redrawn, so the menu shows the door's state.
            return current instanceof ServiceMenu menu ? serviceMenu(menu.session(), menu.notice()) : current;
        }

        // ---- deadlines ----

        private Screen onTimeout(Screen s) {
            if (s instanceof Home) {
                return Home.idle();
            } else if (s instanceof Locked) {
                return lockout.lockedAt(now.mono()) ? s : Home.idle();
            } else if (s instanceof Verify verify) {
                return verifyTimedOut(verify);
            } else if (s instanceof Releasing releasing) {
                Candidate item = releasing.item();
                effects.add(new Effect.Hold(item.slot()));
                audit(item.isPickup() ? AuditType.PICKUP_NOT_TAKEN : AuditType.RETURN_ABANDONED,
                        "user", releasing.session().userId(), "key", item.key().id(), "slot", item.slot());
                return home("Slot closed");
            } else if (s instanceof LatchTest test) {
                return latchTestDone(test);
            } else if (s instanceof GrantOffer offer) {
                return grantCancelled(offer, now.wall().isBefore(offer.expiresAt()) ? "timeout" : "expired");
            } else if (s instanceof OutOfService) {
                return s;
            }
            // Choose and every service screen: the person walked away.
            audit(AuditType.SESSION_TIMEOUT, "user", sessionOf(s).userId(), "screen", s.getClass().getSimpleName());
            return Home.idle();
        }

        private Screen verifyTimedOut(Verify verify) {
            String user = verify.session().userId();
            if (verify.phase() == Phase.OFFER_APP) {
                audit(AuditType.SESSION_TIMEOUT, "user", user, "screen", "Verify");
            } else {
                audit(AuditType.CODE_EXPIRED, "user", user);
            }
            if (verify.purpose() == Purpose.SERVICE) {
                audit(AuditType.SERVICE_LOGIN_FAILED, "user", user, "reason", "timeout");
            }
            return home(verify.phase() == Phase.OFFER_APP ? "Timed out" : "Code expired");
        }

        // ---- identification ----

        private Screen homeKey(Home home, char key) {
            if (Character.isDigit(key)) {
                return new Home(home.entry().type(key, MAX_TYPED_DIGITS), "", idleDeadline());
            } else if (key == '*') {
                return home.entry().isEmpty() ? Home.idle()
                        : new Home(home.entry().deleteLast(), "", idleDeadline());
            } else if (key == '#') {
                return home.entry().isEmpty() ? home : identify(home.entry().digits());
            }
            return new Home(home.entry(), "Use 0-9, * and #", idleDeadline());
        }

        private Screen identify(String digits) {
            int length = digits.length();
            Optional<User> user;
            String how;
            if (length >= 10 && length <= 15) {
                how = "mobile";
                List<User> holders = cache.usersByMobile(length == 10 ? "+" + settings.countryCode() + digits
                        : "+" + digits);
                if (holders.size() > 1) {
                    return sharedMobile();
                }
                user = holders.stream().findFirst();
            } else if (length >= 4 && length <= 9) {
                how = "code";
                user = cache.userByAccountCode(digits);
            } else {
                // Not a number or a code: nothing looked up, nothing learnt, nothing counted.
                return home("Invalid entry");
            }
            if (user.isEmpty()) {
                return identifyFailed(null, how, "unknown");
            }
            // A short code names the person but is too easy to guess to open a slot alone (issue 20).
            boolean shortCode = how.equals("code") && length < settings.codeOnlyNeedsDigits();
            Session session = new Session(user.get(), Factor.NONE, shortCode);
            if (user.get().technician()) {
                // The service menu's latch test opens slots too: a short code never logs in alone.
                return policy.forServiceLogin(user.get()).required() || shortCode
                        ? startFactor(session, Purpose.SERVICE, null) : loggedIn(session);
            }
            List<Candidate> candidates = candidates(user.get());
            if (candidates.isEmpty()) {
                return identifyFailed(user.get().id(), how, "nothing_to_do");
            }
            // SPEC §3: the second factor comes before any key label is shown.
            if (candidates.stream().anyMatch(c -> needsFactor(session, user.get(), c))) {
                return startFactor(session, Purpose.PICKUP, null);
            }
            return offer(session, candidates, "");
        }

        /**
         * A number several users share says nobody in particular: the person is asked for their
         * account code. Not counted as a failure: the number is right, it just is not enough.
         */
        private Screen sharedMobile() {
            audit(AuditType.IDENTIFY_FAILED, "entry", "mobile", "reason", "shared_mobile");
            return home("Enter account code");
        }

        private Screen identifyFailed(String userId, String how, String reason) {
            audit(AuditType.IDENTIFY_FAILED, "user", userId, "entry", how, "reason", reason);
            // The display never says whether the person was unknown or had nothing to do.
            return failure() ? new Locked() : home("Not found or no keys\n" + Screens.triesLeft(triesBeforeLock()));
        }

        /** What this user can do here, on this box's slots only. */
        private List<Candidate> candidates(User user) {
            return Candidates.of(user, cache, now.wall(), settings.slots());
        }

        // ---- second factor ----

        private boolean needsFactor(Session session, User picker, Candidate candidate) {
            return candidate.isPickup() && (session.shortCode()
                    || policy.forPickup(picker, candidate.key(), cache.user(candidate.key().ownerId())).required());
        }

        private Screen startFactor(Session session, Purpose purpose, Candidate pending) {
            Verify verify = new Verify(session, purpose, pending, Phase.OFFER_APP, null, 0, Entry.EMPTY, "",
                    idleDeadline());
            boolean hasApp = cache.user(session.userId()).map(User::hasAppSecret).orElse(false);
            // With an app the code screen first offers the app code and sends nothing until asked.
            return hasApp ? verify : sendSms(verify);
        }

        private Screen sendSms(Verify verify) {
            String userId = verify.session().userId();
            Optional<String> mobile = cache.user(userId).flatMap(User::mobileNumber);
            if (mobile.isEmpty()) {
                return factorUnavailable(verify, "no_mobile", null, "No mobile on file");
            }
            int issued = cache.codesIssuedSince(userId, now.wall().minus(settings.codeWindow()));
            if (issued >= settings.codesPerWindow()) {
                String wait = Screens.waitText(secondsUntilCodeAllowed(userId));
                return factorUnavailable(verify, "code_limit", null,
                        "Too many codes sent\n" + Screens.firstFit("Next code in " + wait, "Wait " + wait));
            }
            String code = codes.newCode();
            effects.add(new Effect.SendCode(userId, mobile.get(), code));
            return new Verify(verify.session(), verify.purpose(), verify.pending(), Phase.SENDING, codes.hash(code),
                    0, Entry.EMPTY, "", now.mono() + settings.codeLifetime().toMillis());
        }

        /**
         * The factor cannot be had (SPEC §4 rule 5): deny, never fall back to "no factor". What needs
         * no factor (returns, pickups whose owner asks none) stays possible.
         */
        private Screen factorUnavailable(Verify verify, String reason, String detail, String message) {
            String userId = verify.session().userId();
            if (verify.purpose() == Purpose.SERVICE) {
                audit(AuditType.SERVICE_LOGIN_FAILED, "user", userId, "reason", reason, "detail", detail);
                return home(message);
            }
            audit(AuditType.DENIED, "user", userId, "reason", reason, "detail", detail);
            if (verify.pending() != null) {
                return home(message);
            }
            List<Candidate> withoutFactor = cache.user(userId)
                    .map(user -> candidates(user).stream()
                            .filter(c -> !needsFactor(verify.session(), user, c)).toList())
                    .orElse(List.of());
            // Shown as a list even for one item: the denial stays on screen until the person chooses,
            // instead of giving way at once to "Take key from slot N" of a key they did not ask for.
            // The list's notice is one line: of a two-line message, the second (how long to wait) says most.
            String oneLine = message.substring(message.indexOf('\n') + 1);
            return withoutFactor.isEmpty() ? home(message)
                    : new Choose(verify.session(), withoutFactor, 0, Entry.EMPTY, oneLine, idleDeadline());
        }

        private Screen verifyKey(Verify verify, char key) {
            long deadline = verify.phase() == Phase.OFFER_APP ? idleDeadline() : verify.deadline();
            if (Character.isDigit(key)) {
                return verify.with(verify.entry().type(key, CODE_DIGITS), "", deadline);
            } else if (key == '*') {
                return verify.entry().isEmpty() ? home("Cancelled")
                        : verify.with(verify.entry().deleteLast(), "", deadline);
            } else if (key == '#') {
                if (verify.entry().isEmpty()) {
                    return sendSms(verify);
                }
                if (verify.entry().length() < CODE_DIGITS) {
                    return verify.with(Entry.EMPTY, "Code has 6 digits", deadline);
                }
                return checkCode(verify);
            }
            return verify;
        }

        private Screen checkCode(Verify verify) {
            String userId = verify.session().userId();
            String typed = verify.entry().digits();
            if (verify.codeHash() != null && codes.matches(verify.codeHash(), typed)) {
                return factorDone(verify, Factor.SMS);
            }
            String rejection = "wrong";
            Optional<byte[]> secret = cache.appSecret(userId);
            if (secret.isPresent()) {
                AppCodes.Check check = appCodes.check(secret.get(), typed, now.wall(), cache.lastAppStep(userId));
                if (check.accepted()) {
                    effects.add(new Effect.UseAppStep(userId, check.step()));
                    return factorDone(verify, Factor.APP);
                }
                rejection = check.outcome() == AppCodes.Outcome.REPLAYED ? "app_code_reused" : rejection;
            }
            int tries = verify.wrongTries() + 1;
            audit(AuditType.CODE_REJECTED, "user", userId, "tries", tries, "reason", rejection);
            boolean locked = failure();
            if (tries >= settings.codeMaxWrong() || locked) {
                if (verify.purpose() == Purpose.SERVICE) {
                    audit(AuditType.SERVICE_LOGIN_FAILED, "user", userId, "reason", locked ? "lockout" : "wrong_codes");
                }
                return locked ? new Locked() : home("Too many wrong codes");
            }
            long deadline = verify.phase() == Phase.OFFER_APP ? idleDeadline() : verify.deadline();
            // Whichever comes first: the code's own limit, or the keypad lockout.
            int left = Math.min(settings.codeMaxWrong() - tries, triesBeforeLock());
            return new Verify(verify.session(), verify.purpose(), verify.pending(), verify.phase(), verify.codeHash(),
                    tries, Entry.EMPTY, "Wrong code, " + left + " left", deadline);
        }

        private Screen factorDone(Verify verify, Factor factor) {
            Session session = verify.session().withFactor(factor);
            if (verify.purpose() == Purpose.SERVICE) {
                // Deleted or no longer a technician while the code was on its way: no menu.
                String revoked = technicianRevoked(session);
                if (revoked != null) {
                    audit(AuditType.SERVICE_LOGIN_FAILED, "user", session.userId(), "reason", revoked);
                    return home("Not a technician");
                }
                return loggedIn(session);
            }
            audit(AuditType.CODE_ACCEPTED, "user", session.userId(), "factor", factor, "reason",
                    session.shortCode() ? "short_code" : null);
            if (verify.pending() != null) {
                return select(session, verify.pending());
            }
            Optional<User> user = cache.user(session.userId());
            List<Candidate> candidates = user.map(u -> candidates(u)).orElse(List.of());
            return candidates.isEmpty() ? home("Nothing to do here") : offer(session, candidates, "");
        }

        // ---- choosing and releasing ----

        private Screen offer(Session session, List<Candidate> candidates, String notice) {
            // A lone pickup opens at once. A lone return is shown first, as a list of one that Screens
            // draws as "Return <label>", "# opens slot N": whoever came for a key that is out must
            // not find a latch open for a return they did not ask for.
            if (candidates.size() == 1 && candidates.get(0).isPickup()) {
                return select(session, candidates.get(0));
            }
            return new Choose(session, candidates, 0, Entry.EMPTY, notice, idleDeadline());
        }

        private Screen chooseKey(Choose choose, char key) {
            if (Character.isDigit(key)) {
                return new Choose(choose.session(), choose.items(), choose.page(), choose.entry().type(key, 3), "",
                        idleDeadline());
            } else if (key == '*') {
                return choose.entry().isEmpty() ? home("Cancelled")
                        : new Choose(choose.session(), choose.items(), choose.page(), choose.entry().deleteLast(), "",
                        idleDeadline());
            } else if (key == '#') {
                if (choose.entry().isEmpty() && choose.items().size() == 1) {
                    // One item: # on its own is the yes (the lone return's confirmation).
                    return select(choose.session(), choose.items().get(0));
                }
                if (choose.entry().isEmpty()) {
                    int next = (choose.page() + 1) % choose.pages();
                    return new Choose(choose.session(), choose.items(), next, Entry.EMPTY, "", idleDeadline());
                }
                int number = Integer.parseInt(choose.entry().digits());
                if (number < 1 || number > choose.items().size()) {
                    return new Choose(choose.session(), choose.items(), choose.page(), Entry.EMPTY,
                            "No item " + number, idleDeadline());
                }
                return select(choose.session(), choose.items().get(number - 1));
            }
            return choose;
        }

        /**
         * The decision to open a latch. Everything is checked again now (SPEC §4 rule 7): the key is
         * still there, the user may still take it, and the factor the owner asks for now was given.
         */
        private Screen select(Session session, Candidate chosen) {
            Optional<User> user = cache.user(session.userId());
            Optional<Candidate> current = user.flatMap(u -> candidates(u).stream()
                    .filter(c -> c.kind() == chosen.kind() && c.key().id().equals(chosen.key().id()))
                    .findFirst());
            if (current.isEmpty()) {
                audit(AuditType.DENIED, "user", session.userId(), "key", chosen.key().id(), "reason", "not_available");
                return home("Key not available");
            }
            Candidate item = current.get();
            if (needsFactor(session, user.get(), item) && !session.factorDone()) {
                return startFactor(new Session(user.get(), Factor.NONE, session.shortCode()), Purpose.PICKUP, item);
            }
            return release(session, item);
        }

        private Screen release(Session session, Candidate item) {
            Duration wait = item.isPickup() ? settings.takeTimeout() : settings.returnTimeout();
            effects.add(new Effect.Release(item.slot(), session.userId(), item.key().id()));
            return new Releasing(session, item, now.mono() + wait.toMillis());
        }

        private Screen releaseSensed(Releasing releasing, boolean present) {
            Candidate item = releasing.item();
            String userId = releasing.session().userId();
            if (item.isPickup() && !present) {
                effects.add(new Effect.Hold(item.slot()));
                effects.add(new Effect.KeyOut(item.key().id(), userId, item.accessId()));
                audit(AuditType.PICKUP, "user", userId, "key", item.key().id(), "slot", item.slot(),
                        "factor", releasing.session().factor(), "access", item.accessId(), "reason",
                        releasing.session().shortCode() ? "short_code" : null);
                success();
                return home("Thank you");
            }
            if (!item.isPickup() && present) {
                effects.add(new Effect.Hold(item.slot()));
                effects.add(new Effect.KeyIn(item.key().id()));
                audit(AuditType.RETURN, "user", userId, "key", item.key().id(), "slot", item.slot());
                success();
                return home("Thank you");
            }
            return releasing;
        }

        // ---- app unlock grants ----

        /**
         * A key on the grant's offer: {@code #} releases the slot, once everything is checked again
         * (SPEC §4 rule 7: the window, the key in its slot, the user may still take it); {@code *}
         * cancels. Either way an offer that does not release leaves the grant unused.
         */
        private Screen grantOfferKey(GrantOffer offer, char key) {
            if (key == '*') {
                return grantCancelled(offer, "cancelled");
            }
            if (key != '#') {
                return offer;
            }
            if (!now.wall().isBefore(offer.expiresAt())) {
                return grantCancelled(offer, "expired");
            }
            String userId = offer.session().userId();
            String keyId = offer.item().key().id();
            Optional<Candidate> still = cache.user(userId).flatMap(u -> candidates(u).stream()
                    .filter(c -> c.isPickup() && c.key().id().equals(keyId)).findFirst());
            if (still.isEmpty()) {
                audit(AuditType.DENIED, "user", userId, "key", keyId, "reason", "not_available",
                        "grant", offer.grantId());
                return home("Key not available");
            }
            // Used up before the latch moves: whatever happens next, it never opens a latch again.
            effects.add(new Effect.UseGrant(offer.grantId(), offer.expiresAt()));
            return release(offer.session(), still.get());
        }

        private Screen grantCancelled(GrantOffer offer, String reason) {
            audit(AuditType.GRANT_CANCELLED, "grant", offer.grantId(), "user", offer.session().userId(),
                    "key", offer.item().key().id(), "reason", reason);
            return home(reason.equals("cancelled") ? "Cancelled" : "App unlock ended");
        }

        // ---- service menu ----

        /**
         * Why the technician of {@code session} may no longer use the menu, or null when they may:
         * deleted, no longer a technician, or their login2fa turned ON after a login without a code.
         */
        private String technicianRevoked(Session session) {
            Optional<User> user = cache.user(session.userId());
            if (user.isEmpty()) {
                return "technician_deleted";
            }
            if (!user.get().technician()) {
                return "not_technician";
            }
            if (!session.factorDone() && policy.forServiceLogin(user.get()).required()) {
                return "login2fa_on";
            }
            return null;
        }

        /**
         * Does the box believe a key is in {@code slot}: its sensor reads present, or the cache has
         * the slot's key in (not out)? Either way the latch test leaves it held.
         */
        private boolean believesKeyIn(int slot) {
            if (cache.slotOccupied(slot)) {
                return true;
            }
            return cache.keyInSlot(slot).map(key -> !cache.keyState(key.id()).out()).orElse(false);
        }

        private Screen loggedIn(Session session) {
            audit(AuditType.SERVICE_LOGIN, "user", session.userId(), "factor", session.factor());
            success();
            return serviceMenu(session, "");
        }

        private Screen serviceMenu(Session session, String notice) {
            boolean blank = notice.isEmpty() || notice.equals(DOOR_OPEN);
            return new ServiceMenu(session, blank && cache.enclosure().open() ? DOOR_OPEN : blank ? "" : notice,
                    idleDeadline());
        }

        private Screen menuKey(ServiceMenu menu, char key) {
            Session session = menu.session();
            switch (key) {
                case '1':
                    return new SlotPrompt(session, Entry.EMPTY, "", idleDeadline());
                case '2':
                    diag(session, "sensors");
                    return new InfoPages(session, "Sensors K=key", sensorLines(), 0, idleDeadline());
                case '3':
                    diag(session, "status");
                    return new InfoPages(session, "Status", statusLines(), 0, idleDeadline());
                case '4':
                    diag(session, "keypad_test");
                    return new Screen.KeypadTest(session, "", idleDeadline());
                case '5':
                    diag(session, "display_test");
                    return new DisplayTest(session, idleDeadline());
                case '6':
                    diag(session, "checks");
                    // Slow work: the shell runs it off the loop and hands the result back (SPEC §7).
                    effects.add(new Effect.RunChecks());
                    return new Screen.ChecksRunning(session, idleDeadline());
                case '*':
                case '0':
                    diag(session, "exit");
                    return home("Service ended");
                default:
                    return serviceMenu(session, "Choose 1-6 or *");
            }
        }

        private Screen slotKey(SlotPrompt prompt, char key) {
            Session session = prompt.session();
            if (Character.isDigit(key)) {
                return new SlotPrompt(session, prompt.entry().type(key, 3), "", idleDeadline());
            } else if (key == '*') {
                return prompt.entry().isEmpty() ? serviceMenu(session, "")
                        : new SlotPrompt(session, prompt.entry().deleteLast(), "", idleDeadline());
            } else if (key == '#' && !prompt.entry().isEmpty()) {
                int slot = Integer.parseInt(prompt.entry().digits());
                if (slot < 1 || slot > settings.slots()) {
                    return new SlotPrompt(session, Entry.EMPTY, "No slot " + slot, idleDeadline());
                }
                if (believesKeyIn(slot)) {
                    // A technician is not a key holder (SPEC §7): only an empty slot is tested.
                    audit(AuditType.DIAG, "user", session.userId(), "action", "latch_test", "slot", slot,
                            "refused", "key_in_slot");
                    return new SlotPrompt(session, Entry.EMPTY, Screens.holdsKey(slot), idleDeadline());
                }
                effects.add(new Effect.Release(slot, session.userId(), null));
                return new LatchTest(session, slot, false, now.mono() + settings.latchTestPulse().toMillis());
            }
            return prompt;
        }

        private Screen latchTestDone(LatchTest test) {
            effects.add(new Effect.Hold(test.slot()));
            boolean after = cache.slotOccupied(test.slot());
            audit(AuditType.DIAG, "user", test.session().userId(), "action", "latch_test", "slot", test.slot(),
                    "before", Screens.keyWord(test.keyBefore()), "after", Screens.keyWord(after));
            return new InfoPages(test.session(), Screens.latchTestTitle(test.slot()),
                    List.of("Before: " + Screens.keyWord(test.keyBefore()), "After: " + Screens.keyWord(after)), 0,
                    idleDeadline());
        }

        private Screen infoKey(InfoPages info, char key) {
            if (key == '#') {
                return new InfoPages(info.session(), info.title(), info.lines(), (info.page() + 1) % info.pages(),
                        idleDeadline());
            } else if (key == '*') {
                return serviceMenu(info.session(), "");
            }
            return info;
        }

        private Screen keypadTestKey(KeypadTest test, char key) {
            String echo = test.echo() + key;
            if (echo.endsWith("**")) {
                diag(test.session(), "keypad_test_done");
                return serviceMenu(test.session(), "");
            }
            return new KeypadTest(test.session(), echo, idleDeadline());
        }

        /**
         * Each slot as its number and K or -, as many to a line as fit whole: five of "07K" up to 99
         * slots, four of "107K" from 100 (five would make 24 characters and lose the last numbers).
         */
        private List<String> sensorLines() {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            int digits = Math.max(2, Integer.toString(settings.slots()).length());
            int perLine = (Frame.WIDTH + 1) / (digits + 2);
            for (int slot = 1; slot <= settings.slots(); slot++) {
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(String.format("%0" + digits + "d%s", slot, cache.slotOccupied(slot) ? "K" : "-"));
                if (slot % perLine == 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
            return lines;
        }

        @Override
        public Screen checksDone(Event.ChecksDone event) {
            // A result nobody waits for any more (the technician went back, or left) is dropped.
            if (current instanceof Screen.ChecksRunning running) {
                return new InfoPages(running.session(), "Check", checkLines(event.checks()), 0, idleDeadline());
            }
            return current;
        }

        /** One check per page: name and status, what was measured, what to do. */
        private List<String> checkLines(List<HealthCheck> checks) {
            List<String> lines = new ArrayList<>();
            for (HealthCheck check : checks) {
                // Each check starts a page, its name and status on top; value and hint wrap over as
                // many lines (and pages) as they need.
                lines.add(InfoPages.heading(check.name() + ": " + check.status().toUpperCase(java.util.Locale.ROOT)));
                lines.add(check.value());
                if (!check.hint().isEmpty()) {
                    lines.add(check.hint());
                }
            }
            if (lines.isEmpty()) {
                lines.add("No checks available");
            }
            return lines;
        }

        private List<String> statusLines() {
            BoxStatus status = cache.status();
            String age = status.lastSync() == null ? "never"
                    : ageText(Duration.between(status.lastSync(), now.wall()));
            // One number to a line, so each fits whole (a cache version can have 16 digits).
            long version = status.cacheVersion();
            return List.of("Version " + status.softwareVersion(), "Box " + status.boxId(),
                    Screens.firstFit("Cache v" + version, "v" + version), "Cache age " + age,
                    "Users " + status.users(), "Keys " + status.keys(), "Accesses " + status.accesses(),
                    "Outbox " + status.outboxBacklog(), "Modem " + status.modemSignal());
        }

        // ---- helpers ----

        private Screen grantRejected(Event.AppUnlock event, String reason) {
            audit(AuditType.GRANT_REJECTED, "grant", event.grantId(), "user", event.userId(), "key", event.keyId(),
                    "reason", reason);
            return current;
        }

        private void keyMoved(int slot, boolean present, String holderId) {
            cache.keyInSlot(slot).ifPresent(key -> effects.add(present ? new Effect.KeyIn(key.id())
                    : new Effect.KeyOut(key.id(), holderId, null)));
        }

        private void holdOpenLatch(Screen s) {
            if (s instanceof Releasing releasing) {
                effects.add(new Effect.Hold(releasing.item().slot()));
            } else if (s instanceof LatchTest test) {
                effects.add(new Effect.Hold(test.slot()));
            }
        }

        private void diag(Session session, String action) {
            audit(AuditType.DIAG, "user", session.userId(), "action", action);
        }

        /**
         * Failures left before the keypad locks: the consecutive count of SPEC §6, or the hour's
         * cap if that is nearer.
         */
        private int triesBeforeLock() {
            LockoutPolicy rules = settings.lockout();
            int left = rules.maxFailures() - lockout.failures();
            if (rules.maxFailuresPerWindow() > 0) {
                left = Math.min(left, rules.maxFailuresPerWindow() - lockout.windowFailures());
            }
            return Math.max(1, left);
        }

        /**
         * Seconds until the oldest code in the window leaves it and a new code may be sent. The cache
         * only counts codes since an instant, so the moment is found by halving: the count can only
         * fall as the start of the window moves on (about 10 counts, on a path a person rarely takes).
         */
        private long secondsUntilCodeAllowed(String userId) {
            long low = 0;
            long high = settings.codeWindow().toSeconds();
            java.time.Instant windowStart = now.wall().minus(settings.codeWindow());
            while (low < high) {
                long mid = (low + high) / 2;
                if (cache.codesIssuedSince(userId, windowStart.plusSeconds(mid)) < settings.codesPerWindow()) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            // The window includes its start: a code issued exactly "window" ago still counts, so the
            // search lands one second past the moment the code leaves (just after low - 1 seconds).
            return Math.max(0, low - 1);
        }

        /** Counts a failure against the box; true when it started a lockout. */
        private boolean failure() {
            lockout = settings.lockout().onFailure(lockout, now.mono());
            effects.add(new Effect.SaveLockout(lockout));
            if (lockout.lockedAt(now.mono())) {
                audit(AuditType.LOCKOUT, "seconds", lockout.secondsLeft(now.mono()));
                return true;
            }
            return false;
        }

        private void success() {
            LockoutState cleared = settings.lockout().onSuccess(lockout, now.mono());
            if (!cleared.equals(lockout)) {
                lockout = cleared;
                effects.add(new Effect.SaveLockout(lockout));
            }
        }

        private Screen home(String notice) {
            return new Home(Entry.EMPTY, notice, notice.isEmpty() ? Screen.NEVER : idleDeadline());
        }

        private long idleDeadline() {
            return now.mono() + settings.idle().toMillis();
        }

        private void audit(AuditType type, Object... fields) {
            effects.add(new Effect.Audit(AuditEvent.of(type, fields)));
        }
    }

    /** The technician's session on a service screen; null on every other screen. */
    private static Session serviceSession(Screen screen) {
        if (screen instanceof ServiceMenu || screen instanceof SlotPrompt || screen instanceof InfoPages
                || screen instanceof Screen.ChecksRunning || screen instanceof KeypadTest
                || screen instanceof DisplayTest) {
            return sessionOf(screen);
        }
        return screen instanceof LatchTest test ? test.session() : null;
    }

    private static Session sessionOf(Screen screen) {
        if (screen instanceof Choose s) {
            return s.session();
        } else if (screen instanceof ServiceMenu s) {
            return s.session();
        } else if (screen instanceof SlotPrompt s) {
            return s.session();
        } else if (screen instanceof InfoPages s) {
            return s.session();
        } else if (screen instanceof Screen.ChecksRunning s) {
            return s.session();
        } else if (screen instanceof KeypadTest s) {
            return s.session();
        } else if (screen instanceof DisplayTest s) {
            return s.session();
        }
        throw new IllegalStateException("no session on " + screen.getClass().getSimpleName());
    }

    static String ageText(Duration age) {
        long minutes = Math.max(0, age.toMinutes());
        if (minutes < 60) {
            return minutes + "m";
        } else if (minutes < 48 * 60) {
            return (minutes / 60) + "h" + String.format("%02d", minutes % 60) + "m";
        }
        return (minutes / (24 * 60)) + "d";
    }
}
