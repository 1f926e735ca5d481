package org.smartbox.pickup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.AppCodes;
import org.smartbox.cache.Access;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;
import org.smartbox.policy.TwoFactorPolicy;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.QueueCodes;

/**
 * The safety promises of SPEC §3-§8 under anything a person, the clock, the cloud and the SMS
 * gateway can do, in any order: a latch opens for a pickup only for someone who may take that key
 * at that moment, after the factor the owner's settings ask for at that moment; never two latches
 * at once; no code, account code or full mobile number on the display or in the audit log.
 */
class PickupSafetyPropertyTest {

    private static final String[] USERS = {"u-o1", "u-o2", "u-g1", "u-g2", "u-t"};
    private static final String[] MOBILES = {"+15557320001", "+15557320002", "+15557320003", null, "+15557320005"};
    private static final String[] ACCOUNT_CODES = {"11223", "445566", "778899", "13579", "24680"};
    private static final String[] KEYS = {"k1", "k2", "k3", "k4", "k5", "k6"};
    private static final byte[] APP_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    /** What people type at the home screen, then {@code #}. */
    private static final String[] ENTRIES = {
        "5557320001", "15557320001", "11223", "5557320002", "445566", "5557320003", "778899", "13579",
        "5557320005", "24680", "5557329999", "99999", "12", "1555732000355"};
    private static final int KNOWN_ENTRIES = 10;

    // ---- actions ----

    /** One thing that happens at or to the box. */
    sealed interface Action permits Press, Identify, Complete, TypeCode, Guess, AppCode, Item, Take, Put, Advance, Flip,
            Revoke, Grant, DeleteKey, SmsGateway, Unlock {
    }

    record Press(String keys) implements Action {
    }

    /** Types an entry and {@code #}; {@code walkUp}: first {@code *} until home, as a newcomer would. */
    record Identify(int entry, boolean walkUp) implements Action {
        @Override
        public String toString() {
            return "Identify[" + (walkUp ? "*...* " : "") + ENTRIES[entry] + "#]";
        }
    }

    /** Takes the key from (or puts it into) the slot whose latch is open, as the person at the box would. */
    record Complete() implements Action {
    }

    /** Types the latest code sent to the person on the code screen ({@code stale}: an older one). */
    record TypeCode(boolean stale) implements Action {
    }

    record Guess(String code) implements Action {
    }

    /** Types the phone app's code, {@code drift} steps away from now. */
    record AppCode(int drift) implements Action {
    }

    record Item(int number) implements Action {
    }

    record Take(int slot) implements Action {
    }

    record Put(int slot) implements Action {
    }

    record Advance(long seconds) implements Action {
    }

    record Flip(int user, int setting) implements Action {
        @Override
        public String toString() {
            return "Flip[" + USERS[user] + " " + List.of("login2fa", "keyPickups2fa", "guestPickups2fa").get(setting)
                    + "]";
        }
    }

    record Revoke(int access) implements Action {
    }

    record Grant(int user, int key, boolean once) implements Action {
        @Override
        public String toString() {
            return "Grant[" + USERS[user] + " -> " + KEYS[key] + (once ? " once" : "") + "]";
        }
    }

    record DeleteKey(int key) implements Action {
        @Override
        public String toString() {
            return "DeleteKey[" + KEYS[key] + "]";
        }
    }

    record SmsGateway(boolean failing) implements Action {
    }

    record Unlock(int user, int key) implements Action {
        @Override
        public String toString() {
            return "Unlock[" + (user < USERS.length ? USERS[user] : "u-unknown") + " -> "
                    + (key < KEYS.length ? KEYS[key] : "k-unknown") + "]";
        }
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        Arbitrary<Action> press = Arbitraries.strings().withChars("0123456789*#AB").ofMinLength(1).ofMaxLength(4)
                .map(Press::new);
        // Known people mostly; strangers and bad entries now and then (they lead to lockouts).
        Arbitrary<Action> identify = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, KNOWN_ENTRIES - 1)),
                Tuple.of(1, Arbitraries.integers().between(KNOWN_ENTRIES, ENTRIES.length - 1)))
                .flatMap(entry -> Arbitraries.of(true, false).map(walkUp -> new Identify(entry, walkUp)));
        Arbitrary<Action> typeCode = Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true)).map(TypeCode::new);
        Arbitrary<Action> guess = Arbitraries.strings().numeric().ofLength(6).map(Guess::new);
        Arbitrary<Action> appCode = Arbitraries.integers().between(-2, 2).map(AppCode::new);
        Arbitrary<Action> item = Arbitraries.integers().between(0, 6).map(Item::new);
        Arbitrary<Integer> slot = Arbitraries.integers().between(1, 7);
        Arbitrary<Action> take = slot.map(Take::new);
        Arbitrary<Action> put = slot.map(Put::new);
        Arbitrary<Action> advance = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10),
                Arbitraries.longs().between(25, 65),
                Arbitraries.longs().between(280, 1000)).map(Advance::new);
        Arbitrary<Action> flip = Combinators.combine(Arbitraries.integers().between(0, USERS.length - 1),
                Arbitraries.integers().between(0, 2)).as(Flip::new);
        Arbitrary<Action> revoke = Arbitraries.integers().between(0, 20).map(Revoke::new);
        Arbitrary<Action> grant = Combinators.combine(Arbitraries.integers().between(0, USERS.length - 1),
                Arbitraries.integers().between(0, KEYS.length - 1), Arbitraries.of(true, false)).as(Grant::new);
        Arbitrary<Action> deleteKey = Arbitraries.integers().between(0, KEYS.length - 1).map(DeleteKey::new);
        Arbitrary<Action> sms = Arbitraries.of(true, false).map(SmsGateway::new);
        Arbitrary<Action> unlock = Combinators.combine(Arbitraries.integers().between(0, USERS.length),
                Arbitraries.integers().between(0, KEYS.length)).as(Unlock::new);
        Arbitrary<Action> complete = Arbitraries.just(new Complete());
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(9, identify), Tuple.of(4, complete), Tuple.of(10, typeCode), Tuple.of(3, press),
                Tuple.of(5, item),
                Tuple.of(2, guess), Tuple.of(2, appCode), Tuple.of(4, take), Tuple.of(4, put),
                Tuple.of(6, advance), Tuple.of(3, flip), Tuple.of(1, revoke), Tuple.of(1, grant),
                Tuple.of(1, deleteKey), Tuple.of(2, sms), Tuple.of(3, unlock));
        return action.list().ofMinSize(5).ofMaxSize(60);
    }

    // ---- the property ----

    @Property(tries = 3000)
    @StatisticsReport(onFailureOnly = true)
    void latchesOpenOnlyForTheRightPersonAfterTheRightFactorAndNothingLeaks(
            @ForAll("scripts") List<Action> script,
            @ForAll @IntRange(min = 0, max = (1 << 15) - 1) int settingBits) {
        MemoryRecords cache = box(settingBits);
        Checker checker = new Checker(cache);
        MemoryKiosk k = new MemoryKiosk(cache, new QueueCodes()).observe(checker);
        checker.kiosk = k;
        int step = 0;
        for (Action a : script) {
            perform(k, cache, a, ++step);
        }
        Statistics.label("pickup released").collect(checker.pickups > 0);
        Statistics.label("pickup released after a factor").collect(checker.pickupsWithFactor > 0);
        Statistics.label("service login").collect(k.count(AuditType.SERVICE_LOGIN) > 0);
        Statistics.label("pickup by app unlock").collect(k.count(AuditType.PICKUP) > 0
                && k.audits(AuditType.PICKUP).stream().anyMatch(p -> "APP".equals(p.field("factor"))));
        // The walk must keep reaching the decisions that matter, or passing proves little.
        Statistics.label("pickup released").coverage(c -> c.check(true).percentage(p -> p >= 15));
        Statistics.label("pickup released after a factor").coverage(c -> c.check(true).percentage(p -> p >= 6));
        Statistics.label("service login").coverage(c -> c.check(true).percentage(p -> p >= 6));
        Statistics.label("pickup by app unlock").coverage(c -> c.check(true).percentage(p -> p >= 1));
        if (k.mostOpenAtOnce() > 1) {
            throw new AssertionError("two latches were released at once");
        }
    }

    private static MemoryRecords box(int settingBits) {
        MemoryRecords cache = new MemoryRecords("SB-PROP");
        for (int i = 0; i < USERS.length; i++) {
            int bits = settingBits >> (3 * i);
            SecuritySettings s = new SecuritySettings((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0);
            cache.user(new User(USERS[i], "User " + i, MOBILES[i], USERS[i].equals("u-t"), s, false))
                    .accountCode(USERS[i], ACCOUNT_CODES[i]);
        }
        cache.appSecret("u-o1", APP_SECRET);
        cache.key("k1", "u-o1", "Unit 1", 1).key("k2", "u-o1", "Unit 2", 2).key("k3", "u-o1", "Unit 3", 3)
                .key("k4", "u-o2", "Unit 4", 4).key("k5", "u-o2", "Unit 5", 5)
                .key("k6", "u-ghost", "Unit 6", 6);
        var from = MemoryKiosk.START.minus(Duration.ofMinutes(5));
        var until = MemoryKiosk.START.plus(Duration.ofHours(2));
        cache.access("a1", "k1", "u-g1", from, until, null)
                .access("a2", "k4", "u-g1", from, until, null)
                .access("a3", "k2", "u-g2", from, until, 1)
                .access("a4", "k5", "u-g1", from.minus(Duration.ofDays(2)), from.minus(Duration.ofDays(1)), null)
                .access("a5", "k6", "u-g2", from, until, null)
                .access("a6", "k1", "u-o2", from, MemoryKiosk.START.plus(Duration.ofMinutes(20)), null);
        return cache;
    }

    /** Carries out one action; {@code n} makes ids (grants, accesses) unique within the run. */
    private static void perform(MemoryKiosk k, MemoryRecords cache, Action action, int n) {
        if (action instanceof Press p) {
            k.press(p.keys());
        } else if (action instanceof Identify i) {
            // Seventeen stars leave any screen that takes keys (a 16-digit entry, then each menu level).
            k.press((i.walkUp() ? "*".repeat(17) : "") + ENTRIES[i.entry()] + "#");
        } else if (action instanceof Complete) {
            if (k.screen() instanceof Screen.GrantOffer) {
                // The person the grant is for is at the box and accepts the offer.
                k.press("#");
            }
            if (k.screen() instanceof Screen.Releasing r) {
                if (r.item().isPickup()) {
                    k.take(r.item().slot());
                } else {
                    k.put(r.item().slot());
                }
            }
        } else if (action instanceof TypeCode t) {
            if (k.screen() instanceof Screen.Verify v) {
                List<MemoryKiosk.Sms> sent = k.sms().stream().filter(s -> s.userId().equals(v.session().userId())).toList();
                int index = sent.size() - (t.stale() ? 2 : 1);
                if (index >= 0) {
                    k.press(sent.get(index).code() + "#");
                }
            }
        } else if (action instanceof Guess g) {
            k.press(g.code() + "#");
        } else if (action instanceof AppCode a) {
            if (k.screen() instanceof Screen.Verify v && cache.appSecret(v.session().userId()).isPresent()) {
                long step = Math.floorDiv(k.wall().getEpochSecond(), AppCodes.STEP_SECONDS) + a.drift();
                byte[] secret = cache.appSecret(v.session().userId()).orElseThrow();
                k.press(new String(new AppCodes().code(secret, step), StandardCharsets.US_ASCII) + "#");
            }
        } else if (action instanceof Item i) {
            k.press(i.number() + "#");
        } else if (action instanceof Take t) {
            k.take(t.slot());
        } else if (action instanceof Put p) {
            k.put(p.slot());
        } else if (action instanceof Advance a) {
            k.advance(a.seconds());
        } else if (action instanceof Flip f) {
            User u = cache.user(USERS[f.user()]).orElseThrow();
            SecuritySettings s = u.security();
            cache.security(u.id(), f.setting() == 0 ? !s.login2fa() : s.login2fa(),
                    f.setting() == 1 ? !s.keyPickups2fa() : s.keyPickups2fa(),
                    f.setting() == 2 ? !s.guestPickups2fa() : s.guestPickups2fa());
        } else if (action instanceof Revoke r) {
            List<Access> all = cache.allAccesses();
            if (!all.isEmpty()) {
                cache.revoke(all.get(r.access() % all.size()).id());
            }
        } else if (action instanceof Grant g) {
            cache.access("a-new-" + n, KEYS[g.key()], USERS[g.user()], k.wall().minusSeconds(60),
                    k.wall().plus(Duration.ofHours(1)), g.once() ? 1 : null);
        } else if (action instanceof DeleteKey d) {
            cache.deleteKey(KEYS[d.key()]);
        } else if (action instanceof SmsGateway s) {
            k.smsFails(s.failing());
        } else if (action instanceof Unlock u) {
            k.appUnlock("g-" + n, u.user() < USERS.length ? USERS[u.user()] : "u-unknown",
                    u.key() < KEYS.length ? KEYS[u.key()] : "k-unknown");
        }
    }

    /**
     * Checks every transition the real loop carried out. A release is checked in the transition that
     * asks for it; the key only leaves (and an access is counted) in a later one, so the cache reads as
     * the machine saw it.
     */
    private static final class Checker implements MemoryKiosk.Observer {

        private final TwoFactorPolicy policy = new TwoFactorPolicy();
        private final MemoryRecords cache;
        private MemoryKiosk kiosk;
        /** Who completed a second factor in the session under way, if anyone. */
        private String verified;
        /** Latches released and not yet held, as the effects so far told them. */
        private final java.util.Set<Integer> open = new java.util.HashSet<>();
        private final java.util.Set<String> usedGrants = new java.util.HashSet<>();
        int pickups;
        int pickupsWithFactor;

        Checker(MemoryRecords cache) {
            this.cache = cache;
        }

        @Override
        public void transition(KioskState before, Event event, Moment at, KioskState after, List<Effect> effects) {
            Screen was = before.screen();
            boolean sessionOver = was instanceof Screen.Home || was instanceof Screen.Locked
                    || was instanceof Screen.OutOfService || at.mono() >= was.deadline();
            if (sessionOver) {
                verified = null;
            }
            List<String> secrets = secrets();
            String grantUsed = null;
            for (Effect e : effects) {
                if (e instanceof Effect.UseGrant g) {
                    check(was instanceof Screen.GrantOffer offer && offer.grantId().equals(g.grantId()),
                            "grant " + g.grantId() + " used up with no # on its offer");
                    check(usedGrants.add(g.grantId()), "grant " + g.grantId() + " used twice");
                    grantUsed = g.grantId();
                }
                if (e instanceof Effect.Audit a) {
                    AuditEvent ev = a.event();
                    if (ev.type() == AuditType.CODE_ACCEPTED) {
                        verified = ev.field("user");
                    }
                    for (String value : ev.fields().values()) {
                        for (String secret : secrets) {
                            check(!value.contains(secret), "audit carries a secret: " + ev.line());
                        }
                    }
                } else if (e instanceof Effect.Release r) {
                    check(open.isEmpty(), "a latch released while another is open");
                    open.add(r.slot());
                    releaseAllowed(r, event, at, was, grantUsed, after.screen());
                } else if (e instanceof Effect.Hold h) {
                    open.remove(h.slot());
                } else if (e instanceof Effect.SendCode s) {
                    check(after.screen() instanceof Screen.Verify v && v.session().userId().equals(s.userId()),
                            "a code sent for someone not on the code screen");
                    check(s.mobile().equals(cache.user(s.userId()).map(User::mobile).orElse(null)),
                            "a code sent to a number not the person's own");
                } else if (e instanceof Effect.Show show) {
                    FrameTest.assertFits(show.frame());
                    // The keypad test echoes what the technician types, by design.
                    if (!(after.screen() instanceof Screen.KeypadTest)) {
                        String text = show.frame().joined();
                        for (String secret : secrets) {
                            check(!text.contains(secret), "frame shows a secret: " + text);
                        }
                    }
                }
            }
        }

        private void releaseAllowed(Effect.Release r, Event event, Moment at, Screen was, String grantUsed,
                                    Screen after) {
            if (after instanceof Screen.LatchTest test) {
                check(test.slot() == r.slot(), "latch test released another slot");
                return;
            }
            check(after instanceof Screen.Releasing, "a latch released with nothing waiting for it");
            Screen.Releasing releasing = (Screen.Releasing) after;
            Candidate item = releasing.item();
            check(item.slot() == r.slot(), "released slot " + r.slot() + " for an item in slot " + item.slot());
            String userId = releasing.session().userId();
            Optional<User> user = cache.user(userId);
            check(user.isPresent(), "released for a user the cache does not know");
            if (!item.isPickup()) {
                boolean mayReturn = Candidates.of(user.get(), cache, at.wall()).stream()
                        .anyMatch(c -> !c.isPickup() && c.key().id().equals(item.key().id()));
                check(mayReturn, "released for a return that is not the user's");
                return;
            }
            pickups++;
            check(Candidates.pickupOf(user.get(), item.key().id(), cache, at.wall()).isPresent(),
                    userId + " may not take " + item.key().id() + " now (Candidates)");
            check(mayPickUp(userId, item.key().id(), at),
                    userId + " may not take " + item.key().id() + " now (SPEC §2-§3 read directly)");
            Key key = cache.key(item.key().id()).orElseThrow();
            boolean needed = policy.forPickup(user.get(), key, cache.user(key.ownerId())).required()
                    || factorAsked(userId, key);
            // A grant alone opens nothing: someone at the box presses # on its offer (sync-format.md).
            check(!(event instanceof Event.AppUnlock), "a grant released a latch with nobody at the box");
            if (was instanceof Screen.GrantOffer offer && event instanceof Event.KeyPressed press) {
                check(press.key() == '#', "a grant's offer released on " + press.key());
                check(offer.session().userId().equals(userId) && offer.item().key().id().equals(item.key().id()),
                        "a grant's offer released for someone or something else");
                check(at.wall().isBefore(offer.expiresAt()), "a grant released after its window");
                check(offer.grantId().equals(grantUsed), "a grant released without being used up first");
                pickupsWithFactor++;
            } else if (needed) {
                check(userId.equals(verified), userId + " took " + key.id() + " without the factor its owner asks");
                pickupsWithFactor++;
            }
        }

        /** SPEC §2/§3 written out again, independent of {@link Candidates}: in the box, owned or a usable access. */
        private boolean mayPickUp(String userId, String keyId, Moment at) {
            Optional<Key> key = cache.key(keyId);
            if (key.isEmpty() || !cache.slotOccupied(key.get().slot())) {
                return false;
            }
            if (key.get().ownerId().equals(userId)) {
                return true;
            }
            return cache.accessesOf(userId).stream().anyMatch(a -> a.keyId().equals(keyId)
                    && !at.wall().isBefore(a.validFrom()) && at.wall().isBefore(a.validUntil())
                    && (a.maxPickups() == null || a.pickupsUsed() < a.maxPickups()));
        }

        /** SPEC §4 written out again, independent of {@link TwoFactorPolicy}: unknown owner means ON. */
        private boolean factorAsked(String userId, Key key) {
            Optional<User> owner = cache.user(key.ownerId());
            if (owner.isEmpty()) {
                return true;
            }
            SecuritySettings s = owner.get().security();
            return owner.get().id().equals(userId) ? s.keyPickups2fa() : s.guestPickups2fa();
        }

        private List<String> secrets() {
            List<String> s = new ArrayList<>(kiosk.codes().issued());
            s.addAll(List.of(ACCOUNT_CODES));
            for (String m : MOBILES) {
                if (m != null) {
                    s.add(m.substring(1));
                    s.add(m.substring(m.length() - 5));
                }
            }
            return s;
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new AssertionError(message);
            }
        }
    }
}
