package org.smartbox.pickup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.smartbox.cache.Access;
import org.smartbox.cache.CacheView;
import org.smartbox.cache.Key;
import org.smartbox.cache.User;

/**
 * What a user can do at the box now (SPEC §3). Pick up: a key whose sensor says it is in its slot,
 * that the user owns or holds a usable access to. Return: a key whose slot is empty that the user
 * holds or owns; returns stay possible after an access has expired.
 */
public final class Candidates {

    private Candidates() {
    }

    /** The candidates in ascending slot order (one per slot: its key is either in or out). */
    public static List<Candidate> of(User user, CacheView cache, Instant now) {
        Map<Integer, Candidate> bySlot = new TreeMap<>();
        for (Key key : cache.keysOwnedBy(user.id())) {
            bySlot.put(key.slot(), cache.slotOccupied(key.slot()) ? Candidate.pickup(key, null)
                    : Candidate.giveBack(key));
        }
        for (Key key : cache.keysHeldBy(user.id())) {
            if (!cache.slotOccupied(key.slot())) {
                bySlot.putIfAbsent(key.slot(), Candidate.giveBack(key));
            }
        }
        for (Access access : usableAccesses(user, cache, now)) {
            cache.key(access.keyId())
                    .filter(key -> cache.slotOccupied(key.slot()))
                    .ifPresent(key -> bySlot.putIfAbsent(key.slot(), Candidate.pickup(key, access.id())));
        }
        return new ArrayList<>(bySlot.values());
    }

    /**
     * As {@link #of(User, CacheView, Instant)}, on a box of {@code slots} slots: a key the cache puts
     * beyond them (box.slots lowered under a synced cache) is neither offered nor opened.
     */
    public static List<Candidate> of(User user, CacheView cache, Instant now, int slots) {
        List<Candidate> all = of(user, cache, now);
        all.removeIf(c -> c.slot() < 1 || c.slot() > slots);
        return all;
    }

    /** The same decision for one key: may {@code user} pick up {@code keyId} right now, and through what? */
    public static Optional<Candidate> pickupOf(User user, String keyId, CacheView cache, Instant now) {
        return of(user, cache, now).stream()
                .filter(c -> c.isPickup() && c.key().id().equals(keyId))
                .findFirst();
    }

    /** The user's usable accesses, the one that runs out first ahead, so it is the one used up. */
    private static List<Access> usableAccesses(User user, CacheView cache, Instant now) {
        List<Access> usable = new ArrayList<>();
        for (Access access : cache.accessesOf(user.id(), now)) {
            if (access.usableAt(now)) {
                usable.add(access);
            }
        }
        usable.sort(Comparator.comparing(Access::validUntil).thenComparing(Access::id));
        return usable;
    }
}
