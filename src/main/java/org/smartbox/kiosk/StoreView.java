package org.smartbox.kiosk;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.smartbox.cache.Access;
import org.smartbox.cache.BoxStatus;
import org.smartbox.cache.CacheView;
import org.smartbox.cache.Enclosure;
import org.smartbox.cache.Key;
import org.smartbox.cache.KeyState;
import org.smartbox.cache.User;
import org.smartbox.hardware.KeySensors;
import org.smartbox.store.CacheCounts;
import org.smartbox.store.AuditLog;
import org.smartbox.store.BoxStore;
import org.smartbox.store.KeyDirectory;

/**
 * The machine's view of the box: the SQLite cache for records, the key sensors for what is in a slot.
 * Every method reads the store afresh; {@link #forEvent()} gives a view that serves keys and key
 * owners from a {@link KeyDirectory}, re-read whenever the cache version has moved. Loop thread only.
 */
public final class StoreView implements CacheView {

    private final BoxStore store;
    private final AuditLog audit;
    private final KeySensors sensors;
    private final String softwareVersion;
    private final String boxId;
    private final Supplier<String> modemSignal;
    private KeyDirectory directory;
    private volatile Supplier<Enclosure> enclosure = () -> Enclosure.CLOSED;

    public StoreView(BoxStore store, AuditLog audit, KeySensors sensors, String softwareVersion, String boxId,
                     Supplier<String> modemSignal) {
        this.store = store;
        this.audit = audit;
        this.sensors = sensors;
        this.softwareVersion = softwareVersion;
        this.boxId = boxId;
        this.modemSignal = modemSignal;
    }

    @Override
    public List<User> usersByMobile(String e164) {
        return store.users().usersByMobile(e164);
    }

    @Override
    public Optional<User> userByAccountCode(String digits) {
        return store.users().userByAccountCode(digits);
    }

    @Override
    public Optional<User> user(String id) {
        return store.users().user(id);
    }

    @Override
    public Optional<Key> key(String keyId) {
        return store.keys().key(keyId);
    }

    @Override
    public Optional<Key> keyInSlot(int slot) {
        return store.keys().keyInSlot(slot);
    }

    @Override
    public List<Key> keysOwnedBy(String userId) {
        return store.keys().keysOwnedBy(userId);
    }

    @Override
    public List<Key> keysHeldBy(String userId) {
        return store.keys().keysHeldBy(userId);
    }

    @Override
    public List<Access> accessesOf(String userId) {
        return store.keys().accessesOf(userId);
    }

    @Override
    public List<Access> accessesOf(String userId, Instant at) {
        return store.keys().accessesOf(userId, at);
    }

    @Override
    public KeyState keyState(String keyId) {
        return store.keys().keyState(keyId);
    }

    @Override
    public boolean slotOccupied(int slot) {
        return sensors.present(slot);
    }

    @Override
    public int codesIssuedSince(String userId, Instant since) {
        return store.ledger().codesIssuedSince(userId, since);
    }

    @Override
    public Optional<byte[]> appSecret(String userId) {
        return store.users().appSecret(userId);
    }

    @Override
    public OptionalLong lastAppStep(String userId) {
        return store.ledger().lastAppStep(userId);
    }

    /** Where the enclosure's tamper switch state comes from (a box without one is always closed). */
    public void enclosureFrom(Supplier<Enclosure> source) {
        this.enclosure = source;
    }

    @Override
    public Enclosure enclosure() {
        return enclosure.get();
    }

    /**
     * A view for one event. At its first use of a key or key owner, one read of the cache version
     * decides whether the directory of keys and owners still holds; a decision then reads from
     * SQLite only what is per person (who has this number, their accesses, what they hold) instead
     * of every key and owner again. Events that read no key (a digit typed) read nothing more.
     */
    @Override
    public CacheView forEvent() {
        return new EventView();
    }

    private KeyDirectory currentDirectory() {
        long version = store.state().cacheVersion();
        if (directory == null || directory.version() != version) {
            directory = store.keys().keyDirectory();
        }
        return directory;
    }

    /** {@link StoreView} with keys and key owners from a directory of this event's cache version. */
    private final class EventView implements CacheView {
        private KeyDirectory keys;

        private KeyDirectory keys() {
            if (keys == null) {
                keys = currentDirectory();
            }
            return keys;
        }

        @Override
        public Optional<User> user(String id) {
            Optional<User> owner = keys().owner(id);
            return owner.isPresent() ? owner : store.users().user(id);
        }

        @Override
        public Optional<Key> key(String keyId) {
            return keys().key(keyId);
        }

        @Override
        public Optional<Key> keyInSlot(int slot) {
            return keys().keyInSlot(slot);
        }

        @Override
        public List<Key> keysOwnedBy(String userId) {
            return keys().keysOwnedBy(userId);
        }

        @Override
        public List<User> usersByMobile(String e164) {
            return StoreView.this.usersByMobile(e164);
        }

        @Override
        public Optional<User> userByAccountCode(String digits) {
            return StoreView.this.userByAccountCode(digits);
        }

        @Override
        public List<Key> keysHeldBy(String userId) {
            return StoreView.this.keysHeldBy(userId);
        }

        @Override
        public List<Access> accessesOf(String userId) {
            return StoreView.this.accessesOf(userId);
        }

        @Override
        public List<Access> accessesOf(String userId, Instant at) {
            return StoreView.this.accessesOf(userId, at);
        }

        @Override
        public KeyState keyState(String keyId) {
            return StoreView.this.keyState(keyId);
        }

        @Override
        public boolean slotOccupied(int slot) {
            return StoreView.this.slotOccupied(slot);
        }

        @Override
        public int codesIssuedSince(String userId, Instant since) {
            return StoreView.this.codesIssuedSince(userId, since);
        }

        @Override
        public Optional<byte[]> appSecret(String userId) {
            return StoreView.this.appSecret(userId);
        }

        @Override
        public OptionalLong lastAppStep(String userId) {
            return StoreView.this.lastAppStep(userId);
        }

        @Override
        public BoxStatus status() {
            return StoreView.this.status();
        }

        @Override
        public Enclosure enclosure() {
            return StoreView.this.enclosure();
        }

        @Override
        public CacheView forEvent() {
            return StoreView.this.forEvent();
        }
    }

    @Override
    public BoxStatus status() {
        CacheCounts counts = store.state().counts();
        return new BoxStatus(softwareVersion, boxId, store.state().cacheVersion(), store.state().lastSync().orElse(null),
                counts.users(), counts.keys(), counts.accesses(), audit.outboxBacklog(),
                modemSignal.get());
    }
}
