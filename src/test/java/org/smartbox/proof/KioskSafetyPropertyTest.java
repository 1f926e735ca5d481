package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.kiosk.SyncService;
import org.smartbox.pickup.Screen;
import org.smartbox.sim.SimBoxes;
import org.smartbox.sync.Ed25519Keys;
import org.smartbox.sync.Grant;
import org.smartbox.sync.GrantSigner;

/**
 * SPEC §3-§9 on the whole kiosk: the real store on SQLite, the real loop, simulated parts, started
 * as {@code smartbox simulate} starts. Random mixes of people at the keypad, keys taken and put,
 * time passing, syncs that flip 2FA settings or revoke and add accesses mid-session, SMS outages,
 * app unlock grants (good, forged, replayed, late) and their offers on the display (opened with
 * {@code #}, cancelled, timed out), technicians' latch tests of full and empty slots while syncs
 * demote them or turn their login2fa on, keys added up to slot 500 of a 500-slot box, clean
 * restarts and crashes, with the wall clock moved back or forward across a restart. Checked on every line the box prints, against the
 * database as it is at that moment ({@link SafetyOracle}): a latch opens only for a user who may
 * take that key then, after the factor the owner asks for then; never two at once; none longer than
 * latch.maxReleasedSeconds; no code, account code or full mobile number on the display or in the
 * audit; after every run the database is sound, the audit chain verifies and every pickup of an
 * access is counted exactly once and never past its maximum.
 */
class KioskSafetyPropertyTest {

    private static final Ed25519Keys.Base64Pair CLOUD = Ed25519Keys.generate();
    /** The largest box there is (box.slots 500): slot numbers up to three digits on every screen. */
    static final int SLOTS = 500;
    private static final DeviceConfig CONFIG = DeviceConfig.from(ConfigFile.parse("proof.properties",
            new java.io.ByteArrayInputStream(("box.id=SB-DEMO\nbox.slots=" + SLOTS + "\nsms.gateways=sim\n"
                    + "grants.publicKey=" + CLOUD.publicKey() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    private static final GrantSigner SIGNER = GrantSigner.fromBase64(CLOUD.privateKey());

    /** What people type at the home screen, then {@code #}. */
    private static final String[] ENTRIES = {
        "481516", "5550000001", "135790", "15550000003", "246800", "777111", "5550000002", "5550000005",
        "112233", "909090", "808080", "5550000006",
        // strangers and bad entries
        "5559990000", "99999", "12", "1234567890123456"};
    private static final int KNOWN = Visitor.ENTRIES.length;
    private static final String[] ENTRY_USER = Visitor.ENTRY_USER;
    private static final String[] PEOPLE = {"u-olivia", "u-max", "u-nina", "u-ada", "u-gus", "u-gina", "u-noel",
        "u-tara", "u-tom"};
    private static final String[] OWNERS = {"u-olivia", "u-max", "u-nina", "u-ada"};
    /** Who an app grant is for: mostly pairs that may be allowed (owners, guests with an access). */
    private static final String[][] GRANT_PAIRS = {{"u-olivia", "k-1a"}, {"u-ada", "k-9f"}, {"u-max", "k-garage"},
        {"u-gus", "k-6d"}, {"u-gina", "k-7e"}, {"u-gus", "k-4b"}, {"u-noel", "k-garage"}};

    // ---- actions ----

    sealed interface Action permits Visit, Proceed, Press, Identify, Complete, TypeCode, AppCode, Item, Take, Put, Advance, Flip,
            Revoke, NewAccess, Reschedule, Sms, AppGrant, Restart, LatchTest, Demote, NewKey {
    }

    /**
     * A technician (Tom, login2fa OFF in the demo data; Tara, who needs a code) tests a slot's latch
     * from the service menu, logging in first when the box is at home. Any slot, full or empty.
     */
    record LatchTest(boolean tom, int slot) implements Action {
    }

    /** The cloud makes a technician an ordinary user, or back (SPEC §7: re-checked at every key). */
    record Demote(boolean tom) implements Action {
    }

    /** The cloud adds a key in a high slot (up to 500); {@code owner} indexes {@link #OWNERS}. */
    record NewKey(int owner, int slot) implements Action {
    }

    /** The person at the box does the next sensible thing on the screen shown; {@code choice} picks among options. */
    record Proceed(int choice) implements Action {
    }

    /**
     * A whole visit: one of the run's people goes through the screens to the end, choosing by
     * {@code choice}; one visit in ten, the box dies while the latch is open.
     */
    record Visit(int choice) implements Action {
    }

    record Press(String keys) implements Action {
    }

    record Identify(int entry, boolean walkUp) implements Action {
        @Override
        public String toString() {
            return "Identify[" + (walkUp ? "*..* " : "") + ENTRIES[entry] + "#]";
        }
    }

    /** The person at the open slot takes the key out, or puts it in. */
    record Complete() implements Action {
    }

    /** Types the latest code sent to the person on the code screen ({@code stale}: the one before). */
    record TypeCode(boolean stale) implements Action {
    }

    /** Ada types what her phone app shows, {@code drift} 30 s steps away. */
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
    }

    record Revoke(int access) implements Action {
    }

    /**
     * The cloud lends a key to someone: one of the run's people when {@code user} is negative (so
     * the access gets used), else anyone. window: 0 now, 1 over, 2 not yet, 3 ends in a minute.
     */
    record NewAccess(int user, int key, int window, Integer max) implements Action {
    }

    record Reschedule(int access, long untilFromNow) implements Action {
    }

    record Sms(boolean failing) implements Action {
    }

    /** kind: 0 good, 1 forged, 2 replay of the last one, 3 expired; {@code pair} &lt; 0: anyone, any key. */
    record AppGrant(int pair, int user, int key, int kind) implements Action {
    }

    /** The box goes down and comes back {@code downtime} seconds later by the wall clock (may be negative). */
    record Restart(boolean crash, long downtime) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        // Mostly the demo's slots, where its keys are; now and then any slot of the 500.
        Arbitrary<Integer> slot = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.integers().between(1, 12)),
                Tuple.of(1, Arbitraries.integers().between(1, SLOTS)));
        Arbitrary<Action> latchTest = Combinators.combine(Arbitraries.of(true, false), slot).as(LatchTest::new);
        Arbitrary<Action> demote = Arbitraries.of(true, false).map(Demote::new);
        Arbitrary<Action> newKey = Combinators.combine(Arbitraries.integers().between(0, OWNERS.length - 1),
                Arbitraries.integers().between(13, SLOTS)).as(NewKey::new);
        Arbitrary<Action> identify = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, KNOWN - 1)),
                Tuple.of(1, Arbitraries.integers().between(KNOWN, ENTRIES.length - 1)))
                .flatMap(e -> Arbitraries.of(true, false).map(w -> new Identify(e, w)));
        Arbitrary<Action> press = Arbitraries.strings().withChars("0123456789*#AB").ofMinLength(1).ofMaxLength(4)
                .map(Press::new);
        Arbitrary<Action> typeCode = Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true)).map(TypeCode::new);
        Arbitrary<Action> appCode = Arbitraries.integers().between(-2, 2).map(AppCode::new);
        Arbitrary<Action> item = Arbitraries.integers().between(0, 5).map(Item::new);
        Arbitrary<Action> advance = Arbitraries.oneOf(Arbitraries.longs().between(1, 10),
                Arbitraries.longs().between(25, 65), Arbitraries.longs().between(280, 1000)).map(Advance::new);
        Arbitrary<Action> flip = Combinators.combine(Arbitraries.integers().between(0, PEOPLE.length - 1),
                Arbitraries.integers().between(0, 2)).as(Flip::new);
        Arbitrary<Action> revoke = Arbitraries.integers().between(0, 50).map(Revoke::new);
        Arbitrary<Action> newAccess = Combinators.combine(Arbitraries.integers().between(-PEOPLE.length, PEOPLE.length - 1),
                Arbitraries.integers().between(0, 11), Arbitraries.integers().between(0, 3),
                Arbitraries.of(1, 2, 3).injectNull(0.5)).as(NewAccess::new);
        Arbitrary<Action> reschedule = Combinators.combine(Arbitraries.integers().between(0, 50),
                Arbitraries.longs().between(-600, 600)).as(Reschedule::new);
        Arbitrary<Action> grant = Combinators.combine(Arbitraries.integers().between(-3, GRANT_PAIRS.length - 1),
                Arbitraries.integers().between(0, PEOPLE.length - 1),
                Arbitraries.integers().between(0, 11), Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, 1),
                        Tuple.of(2, 2), Tuple.of(1, 3))).as(AppGrant::new);
        Arbitrary<Action> restart = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.of(-3600L, 0L, 5L, 120L, 86_400L)).as(Restart::new);
        Arbitrary<Action> proceed = Arbitraries.integers().between(0, 1000).map(Proceed::new);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 1000).map(Visit::new)),
                Tuple.of(20, proceed), Tuple.of(5, identify), Tuple.of(6, Arbitraries.just(new Complete())), Tuple.of(8, typeCode),
                Tuple.of(2, appCode), Tuple.of(3, press), Tuple.of(6, item), Tuple.of(2, slot.map(Take::new)),
                Tuple.of(2, slot.map(Put::new)), Tuple.of(5, advance), Tuple.of(2, flip), Tuple.of(1, revoke),
                Tuple.of(4, newAccess), Tuple.of(1, reschedule), Tuple.of(2, Arbitraries.of(true, false).map(Sms::new)),
                Tuple.of(2, grant), Tuple.of(2, restart), Tuple.of(3, latchTest), Tuple.of(1, demote),
                Tuple.of(2, newKey));
        return action.list().ofMinSize(5).ofMaxSize(50);
    }

    /**
     * The few people who come to the box in one run (by their entry): fewer people make the long
     * stories likely, such as the same guest taking, returning and taking again past a maximum.
     */
    @Provide
    Arbitrary<List<Integer>> cast() {
        return Arbitraries.integers().between(0, KNOWN - 1).list().ofMinSize(1).ofMaxSize(3);
    }

    // ---- the properties ----

    @Property(tries = 1500)
    @StatisticsReport(onFailureOnly = true)
    void latchesOpenOnlyForTheRightPersonAfterTheRightFactorThroughSyncsRestartsAndCrashes(
            @ForAll("scripts") List<Action> script, @ForAll("cast") List<Integer> cast) {
        World world = new World(cast);
        try {
            assertEquals(List.of(), world.run(script), "a latch opened against the rules");
        } finally {
            world.close();
        }
        Statistics.label("pickup").collect(world.oracle.pickups > 0);
        Statistics.label("pickup after a factor").collect(world.oracle.pickupsAfterFactor > 0);
        Statistics.label("interrupted session").collect(world.oracle.interruptedSessions > 0);
        Statistics.label("sync applied").collect(world.applied > 0);
        Statistics.label("grant pickup").collect(world.oracle.grantPickups > 0);
        Statistics.label("latch test").collect(world.oracle.latchTests > 0);
        Statistics.label("access used again").collect(
                world.oracle.releasesPerAccess.values().stream().anyMatch(n -> n > 1));
        // The walk must keep reaching the decisions that matter, or passing proves little.
        Statistics.label("pickup").coverage(c -> c.check(true).percentage(p -> p >= 50));
        Statistics.label("pickup after a factor").coverage(c -> c.check(true).percentage(p -> p >= 30));
        Statistics.label("interrupted session").coverage(c -> c.check(true).percentage(p -> p >= 3));
        Statistics.label("sync applied").coverage(c -> c.check(true).percentage(p -> p >= 80));
        Statistics.label("grant pickup").coverage(c -> c.check(true).percentage(p -> p >= 2));
        Statistics.label("latch test").coverage(c -> c.check(true).percentage(p -> p >= 5));
        Statistics.label("access used again").coverage(c -> c.check(true).percentage(p -> p >= 1));
    }

    /** The same, many times over: the nightly run. */
    @Property(tries = 8000)
    @AddLifecycleHook(Nightly.Only.class)
    void latchesOpenOnlyForTheRightPersonNightly(@ForAll("scripts") List<Action> script,
            @ForAll("cast") List<Integer> cast) {
        World world = new World(cast);
        try {
            assertEquals(List.of(), world.run(script), "a latch opened against the rules");
        } finally {
            world.close();
        }
    }

    /** One run: a box on a fresh database, the cloud's picture of it, and the oracle watching. */
    static final class World {

        private final ScratchDir dir = ScratchDir.create();
        private final Path db = dir.resolve("box.db");
        private final DemoModel cloud = new DemoModel();
        private final List<Integer> cast;
        final SafetyOracle oracle = new SafetyOracle(db, CONFIG.box().latchMaxReleased());
        private final Visitor visitor = new Visitor(oracle);
        private ProofBox box;
        private boolean smsFailing;
        private String lastGrant;
        private int step;
        int applied;

        World(List<Integer> cast) {
            this.cast = cast;
            box = ProofBox.start(db, CONFIG, SimBoxes.NOW, oracle::line);
            oracle.attach(box);
        }

        /**
         * Plays the script and returns what the oracle saw go wrong (empty: every latch opened only for
         * the right person after the right factor, and no longer than allowed). It stops at the first
         * finding, so a shrunk script ends where the rule broke.
         */
        List<String> run(List<Action> script) {
            for (Action action : script) {
                step++;
                perform(action);
                oracle.checkLatchTimes();
                if (!oracle.failures().isEmpty()) {
                    return oracle.failures().stream().map(f -> "after " + action + ": " + f).toList();
                }
            }
            Set<Integer> open = oracle.energized();
            box.close();
            oracle.detach(open);
            SafetyOracle.checkFiles(db);
            return oracle.failures();
        }

        private Instant wall() {
            return box.box().clock().now().wall();
        }

        private Screen screen() {
            return box.box().kiosk().loop().state().screen();
        }

        private void perform(Action action) {
            if (action instanceof Visit v) {
                for (int i = 0; i < 8; i++) {
                    if (v.choice() % 10 == 0 && screen() instanceof Screen.Releasing) {
                        restart(new Restart(v.choice() % 20 == 0, 3));
                        break;
                    }
                    proceed(v.choice() + i * 7);
                    if (screen() instanceof Screen.Home || screen() instanceof Screen.Locked) {
                        break;
                    }
                }
            } else if (action instanceof Proceed p) {
                proceed(p.choice());
            } else if (action instanceof Press p) {
                box.box().press(p.keys());
            } else if (action instanceof Identify i) {
                box.box().press((i.walkUp() ? "*".repeat(17) : "") + ENTRIES[i.entry()] + "#");
            } else if (action instanceof Complete) {
                visitor.complete(box.box());
            } else if (action instanceof TypeCode t) {
                visitor.typeCode(box.box(), t.stale());
            } else if (action instanceof AppCode a) {
                visitor.appCode(box.box(), a.drift());
            } else if (action instanceof Item i) {
                box.box().press(i.number() + "#");
            } else if (action instanceof Take t) {
                box.box().take(t.slot());
            } else if (action instanceof Put p) {
                box.box().put(p.slot());
            } else if (action instanceof Advance a) {
                box.box().advance(a.seconds() * 1000);
            } else if (action instanceof Flip f) {
                sync(cloud.flip(PEOPLE[f.user()], DemoModel.SETTINGS.get(f.setting()), version()));
            } else if (action instanceof Revoke r) {
                List<String> ids = cloud.accessIds();
                if (!ids.isEmpty()) {
                    sync(cloud.revoke(ids.get(r.access() % ids.size()), version()));
                }
            } else if (action instanceof NewAccess n) {
                Instant now = wall();
                Instant from = switch (n.window()) {
                    case 1 -> now.minus(Duration.ofHours(2));
                    case 2 -> now.plus(Duration.ofHours(1));
                    default -> now.minus(Duration.ofHours(1));
                };
                Instant until = switch (n.window()) {
                    case 1 -> now.minus(Duration.ofHours(1));
                    case 2 -> now.plus(Duration.ofHours(2));
                    case 3 -> now.plusSeconds(60);
                    default -> now.plus(Duration.ofHours(1));
                };
                List<String> keys = cloud.keyIds();
                String user = n.user() >= 0 ? PEOPLE[n.user()] : ENTRY_USER[cast.get(-n.user() % cast.size())];
                sync(cloud.grantAccess(user, keys.get(n.key() % keys.size()), from, until, n.max(), version()));
            } else if (action instanceof Reschedule r) {
                List<String> ids = cloud.accessIds();
                if (!ids.isEmpty()) {
                    sync(cloud.reschedule(ids.get(r.access() % ids.size()), wall().plusSeconds(r.untilFromNow()),
                            version()));
                }
            } else if (action instanceof Sms s) {
                smsFailing = s.failing();
                box.box().smsFailing(smsFailing);
            } else if (action instanceof AppGrant g) {
                grant(g);
            } else if (action instanceof Restart r) {
                restart(r);
            } else if (action instanceof LatchTest t) {
                latchTest(t);
            } else if (action instanceof Demote d) {
                sync(cloud.toggleTechnician(d.tom() ? "u-tom" : "u-tara", version()));
            } else if (action instanceof NewKey n) {
                if (!cloud.slotTaken(n.slot())) {
                    sync(cloud.addKey(OWNERS[n.owner()], n.slot(), version()));
                }
            }
        }

        private void latchTest(LatchTest t) {
            if (screen() instanceof Screen.Home) {
                box.box().press(t.tom() ? "808080#" : "909090#");
                if (screen() instanceof Screen.Verify) {
                    visitor.typeCode(box.box(), false);
                }
            }
            if (screen() instanceof Screen.ServiceMenu) {
                box.box().press("1" + t.slot() + "#");
            }
        }

        private void proceed(int choice) {
            visitor.proceed(box.box(), choice, cast);
        }

        private long version() {
            return box.box().kiosk().data().store().state().cacheVersion();
        }

        private void sync(DemoModel.Change change) {
            Path file = dir.resolve("delta-" + step + ".json");
            try {
                Files.writeString(file, change.json());
                SyncService.Outcome outcome = box.box().apply(file);
                if (!(outcome instanceof SyncService.Outcome.Applied)) {
                    throw new AssertionError("a well-formed delta was refused: " + change + ": " + outcome);
                }
                change.onApplied().run();
                applied++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void grant(AppGrant g) {
            List<String> keys = cloud.keyIds();
            String user = g.pair() >= 0 ? GRANT_PAIRS[g.pair()][0] : PEOPLE[g.user()];
            String key = g.pair() >= 0 ? GRANT_PAIRS[g.pair()][1] : keys.get(g.key() % keys.size());
            Instant now = wall();
            String json;
            SafetyOracle.GrantInFlight info;
            if (g.kind() == 2 && lastGrant != null) {
                json = lastGrant;
                info = null;
            } else {
                Instant from = g.kind() == 3 ? now.minusSeconds(400) : now.minusSeconds(30);
                Instant until = g.kind() == 3 ? now.minusSeconds(100) : now.plusSeconds(90);
                String id = "g-" + step;
                json = SIGNER.sign(new Grant(id, "SB-DEMO", user, key, from, until));
                boolean forged = g.kind() == 1;
                if (forged) {
                    // Someone edits a real grant for another person: the signature no longer holds.
                    String other = user.equals("u-gus") ? "u-gina" : "u-gus";
                    json = json.replace("\"userId\":\"" + user + "\"", "\"userId\":\"" + other + "\"");
                    user = other;
                } else {
                    lastGrant = json;
                }
                info = new SafetyOracle.GrantInFlight(id, user, key, from, until, !forged);
            }
            Path file = dir.resolve("grant-" + step + ".json");
            try {
                Files.writeString(file, json);
                // A replay carries the id of a grant already delivered: the oracle sees it as that grant.
                oracle.grantInFlight(info != null ? info : replayOf(json));
                box.box().grant(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                oracle.grantInFlight(null);
            }
        }

        private static SafetyOracle.GrantInFlight replayOf(String json) {
            try {
                var node = DemoModel.JSON.readTree(json);
                return new SafetyOracle.GrantInFlight(node.get("grantId").asText(), node.get("userId").asText(),
                        node.get("keyId").asText(), Instant.parse(node.get("notBefore").asText()),
                        Instant.parse(node.get("expiresAt").asText()), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void restart(Restart r) {
            Instant wall = wall().plusSeconds(r.downtime());
            Set<Integer> open = oracle.energized();
            if (r.crash()) {
                box.crash();
            } else {
                box.close();
            }
            oracle.detach(open);
            box = ProofBox.start(db, CONFIG, wall, oracle::line);
            oracle.attach(box);
            // The outage is the network's, not the box's: it outlives the restart.
            box.box().smsFailing(smsFailing);
        }

        void close() {
            box.close();
            oracle.close();
            dir.close();
        }
    }
}
