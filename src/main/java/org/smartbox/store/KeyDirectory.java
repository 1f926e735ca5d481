package org.smartbox.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.smartbox.cache.Key;
import org.smartbox.cache.User;

/**
 * Every key of the box with its owner, as of one cache version. A box has at most a few hundred
 * keys, and they and their owners change only with a sync, which always moves the cache version:
 * so a directory read once serves every decision until the version moves (SPEC §4 rule 7 holds as
 * long as the version is checked before each decision). Immutable.
 */
public final class KeyDirectory {

    private final long version;
    private final Map<String, Key> byId = new HashMap<>();
    private final Map<Integer, Key> bySlot = new HashMap<>();
    private final Map<String, List<Key>> byOwner = new HashMap<>();
    private final Map<String, User> owners;

    KeyDirectory(long version, List<Key> keys, Map<String, User> owners) {
        this.version = version;
        List<Key> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparingInt(Key::slot));
        for (Key key : sorted) {
            byId.put(key.id(), key);
            bySlot.put(key.slot(), key);
            byOwner.computeIfAbsent(key.ownerId(), id -> new ArrayList<>()).add(key);
        }
        byOwner.replaceAll((owner, list) -> List.copyOf(list));
        this.owners = Map.copyOf(owners);
    }

    /** The cache version this directory was read at. */
    public long version() {
        return version;
    }

    public Optional<Key> key(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Optional<Key> keyInSlot(int slot) {
        return Optional.ofNullable(bySlot.get(slot));
    }

    /** The keys {@code userId} owns, in slot order. */
    public List<Key> keysOwnedBy(String userId) {
        return byOwner.getOrDefault(userId, List.of());
    }

    /** A key owner's record (empty for a user who owns no key: ask the store). */
    public Optional<User> owner(String userId) {
        return Optional.ofNullable(owners.get(userId));
    }

    public int size() {
        return byId.size();
    }
}
