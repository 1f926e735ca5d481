package org.smartbox.kiosk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.auth.BoxKeys;
import org.smartbox.auth.BoxSecret;
import org.smartbox.cache.CacheView;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;
import org.smartbox.sim.SimKeySensors;
import org.smartbox.store.AuditLog;
import org.smartbox.store.BoxStore;
import org.smartbox.store.Database;
import org.smartbox.store.SyncApplier;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncUser;

/**
 * The machine's view of the store. Keys and key owners may be kept from one event to the next, but
 * a sync committed before an event, by this process or another, is seen by that event (SPEC §4 rule 7).
 */
class StoreViewTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final byte[] SECRET = new byte[32];

    @TempDir
    Path dir;

    /** One process's handle on the box database. */
    private static final class Box implements AutoCloseable {
        final Database db;
        final BoxStore store;
        final SyncApplier applier;
        final StoreView view;

        Box(Path file) {
            db = Database.open(file);
            BoxKeys keys = BoxKeys.from(BoxSecret.of(SECRET), new SecureRandom());
            store = new BoxStore(db, keys);
            AuditLog audit = new AuditLog(db, keys.auditChain());
            applier = new SyncApplier(store, keys, audit);
            view = new StoreView(store, audit, new SimKeySensors(12), "test", "SB-TEST", () -> "n/a");
        }

        @Override
        public void close() {
            db.close();
        }
    }

    private static SyncUser olivia(boolean guestPickups2fa) {
        return new SyncUser("u-olivia", "Olivia Owner", "+15550000001", null, false,
                new SecuritySettings(true, false, guestPickups2fa), null);
    }

    private static SyncUser gus() {
        return new SyncUser("u-gus", "Gus Guest", "+15550000002", null, false, SecuritySettings.ALL_ON, null);
    }

    private static SyncDocument.Snapshot snapshot() {
        return new SyncDocument.Snapshot("SB-TEST", 1, List.of(olivia(true), gus()),
                List.of(new Key("k-4b", "u-olivia", "Unit 4B", 3), new Key("k-5c", "u-olivia", "Unit 5C", 5)),
                List.of());
    }

    private static SyncDocument.Delta delta(long version, List<SyncUser> users, List<Key> keys) {
        return new SyncDocument.Delta("SB-TEST", version, version - 1, users, keys, List.of(), List.of(), List.of(),
                List.of());
    }

    @Test
    void anEventsViewAnswersLikeTheStore() {
        try (Box box = new Box(dir.resolve("box.db"))) {
            box.applier.apply(snapshot(), NOW);
            CacheView event = box.view.forEvent();
            assertEquals(box.store.keys().key("k-4b"), event.key("k-4b"));
            assertEquals(box.store.keys().keyInSlot(5), event.keyInSlot(5));
            assertEquals(Optional.empty(), event.keyInSlot(4));
            assertEquals(List.of("k-4b", "k-5c"), event.keysOwnedBy("u-olivia").stream().map(Key::id).toList());
            assertEquals(List.of(), event.keysOwnedBy("u-gus"));
            assertEquals(box.store.users().user("u-olivia"), event.user("u-olivia"), "an owner");
            assertEquals(box.store.users().user("u-gus"), event.user("u-gus"), "a user who owns no key");
            assertEquals(Optional.empty(), event.user("u-nobody"));
        }
    }

    @Test
    void anOwnersSettingSyncedBetweenTwoEventsAppliesToTheSecond() {
        try (Box box = new Box(dir.resolve("box.db"))) {
            box.applier.apply(snapshot(), NOW);
            assertTrue(guestPickups2fa(box.view.forEvent()));

            box.applier.apply(delta(2, List.of(olivia(false)), List.of()), NOW);

            assertFalse(guestPickups2fa(box.view.forEvent()));
        }
    }

    @Test
    void aSyncByAnotherProcessIsSeenByTheNextEvent() {
        Path file = dir.resolve("box.db");
        try (Box box = new Box(file); Box shell = new Box(file)) {
            box.applier.apply(snapshot(), NOW);
            assertEquals(3, box.view.forEvent().key("k-4b").orElseThrow().slot());

            // `smartbox import` beside the running box: its own connection to the same file.
            shell.applier.apply(delta(2, List.of(olivia(false)), List.of(new Key("k-4b", "u-olivia", "Unit 4B", 7))),
                    NOW);

            CacheView next = box.view.forEvent();
            assertEquals(7, next.key("k-4b").orElseThrow().slot());
            assertEquals(Optional.of("k-4b"), next.keyInSlot(7).map(Key::id));
            assertEquals(Optional.empty(), next.keyInSlot(3));
            assertFalse(guestPickups2fa(next));
        }
    }

    @Test
    void aKeyGivenToAnotherOwnerMovesWithIt() {
        try (Box box = new Box(dir.resolve("box.db"))) {
            box.applier.apply(snapshot(), NOW);
            box.view.forEvent().keysOwnedBy("u-olivia");

            box.applier.apply(delta(2, List.of(), List.of(new Key("k-5c", "u-gus", "Unit 5C", 5))), NOW);

            CacheView next = box.view.forEvent();
            assertEquals(List.of("k-4b"), next.keysOwnedBy("u-olivia").stream().map(Key::id).toList());
            assertEquals(List.of("k-5c"), next.keysOwnedBy("u-gus").stream().map(Key::id).toList());
            assertEquals(box.store.users().user("u-gus"), next.user("u-gus"));
        }
    }

    private static boolean guestPickups2fa(CacheView view) {
        return view.user("u-olivia").map(User::security).orElseThrow().guestPickups2fa();
    }
}
