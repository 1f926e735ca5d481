package org.smartbox.cache;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The read-only view of the box's cache and sensors that the pickup machine decides from. The
 * machine never writes through it: every change it wants comes back as an effect.
 */
public interface CacheView {

    /** The users with this mobile number: none, one, or (when it is shared) at least two. */
    List<User> usersByMobile(String e164);

    /** The one user with this number; empty when no one has it, and when it is shared. */
    default Optional<User> userByMobile(String e164) {
        List<User> found = usersByMobile(e164);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Looks a user up by account code; implementations compare keyed hashes, never clear codes. */
    Optional<User> userByAccountCode(String digits);

    Optional<User> user(String id);

    Optional<Key> key(String keyId);

    Optional<Key> keyInSlot(int slot);

    List<Key> keysOwnedBy(String userId);

    /** Keys the box believes are out and held by this user. */
    List<Key> keysHeldBy(String userId);

    /** Accesses granted to this user as a guest, whatever their window. */
    List<Access> accessesOf(String userId);

    /**
     * This user's accesses whose window holds {@code at} (pickups left or not): what a decision at
     * {@code at} can use. A store may leave the others unread.
     */
    default List<Access> accessesOf(String userId, Instant at) {
        return accessesOf(userId).stream().filter(access -> access.inWindowAt(at)).toList();
    }

    KeyState keyState(String keyId);

    /** The key sensor of {@code slot}: true when a key fob is in it. */
    boolean slotOccupied(int slot);

    /** How many one-time codes were issued to this user at or after {@code since}. */
    int codesIssuedSince(String userId, Instant since);

    /** The user's app (TOTP) secret, when they have one. */
    Optional<byte[]> appSecret(String userId);

    /** The last TOTP time step this user's app code was accepted for (each code works once). */
    OptionalLong lastAppStep(String userId);

    BoxStatus status();

    /** The enclosure's tamper switch now; a box without one is always closed. */
    default Enclosure enclosure() {
        return Enclosure.CLOSED;
    }

    /**
     * The view for handling one event. Reads made within the event may share what they read (an
     * implementation may keep records that change only with a sync, checked once per event); a
     * sync committed before the event is always seen (SPEC §4 rule 7). Use it for that event only.
     */
    default CacheView forEvent() {
        return this;
    }
}
