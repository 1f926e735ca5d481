package org.smartbox.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.smartbox.auth.KeyedHash;
import org.smartbox.cache.Access;
import org.smartbox.cache.BoxStatus;
import org.smartbox.cache.CacheView;
import org.smartbox.cache.HealthCheck;
import org.smartbox.cache.Key;
import org.smartbox.cache.KeyState;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;
import org.smartbox.kiosk.BoxRecords;
import org.smartbox.store.BoxState;

/**
 * The kiosk's records and cache view in memory, the adapter tests run the real kiosk loop on instead
 * of SQLite: what sync would write (users, keys, accesses, settings), what the box writes through the
 * records port (key states, code issues, app steps, the lockout, the open latch) and what the sensors
 * read. Account codes are kept only as keyed hashes, as the store keeps them. Nothing here can fail to
 * be written, so a transaction has nothing to roll back: it only holds back what waits for its commit.
 */
public final class MemoryRecords implements CacheView, BoxRecords {

    private org.smartbox.cache.Enclosure enclosure = org.smartbox.cache.Enclosure.CLOSED;

    private static final KeyedHash ACCOUNT_CODES =
            new KeyedHash("test account-code key, 32 bytes!".getBytes(StandardCharsets.US_ASCII));

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, byte[]> accountCodeHashes = new HashMap<>();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, KeyState> keyStates = new HashMap<>();
    private final Map<String, Access> accesses = new LinkedHashMap<>();
    private final TreeSet<Integer> occupied = new TreeSet<>();
    private final List<Issue> codeIssues = new ArrayList<>();
    private final Map<String, byte[]> appSecrets = new HashMap<>();
    private final Map<String, Long> appSteps = new HashMap<>();
    private final String boxId;
    private int lookups;
    private int transactionDepth;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private BoxState.SavedLockout lockout;
    private BoxState.OpenLatch openLatch;
    private final Map<String, Instant> usedGrants = new LinkedHashMap<>();

    /** One code issued to a user, at a wall time. */
    public record Issue(String userId, Instant at) {
    }

    public MemoryRecords(String boxId) {
        this.boxId = boxId;
    }

    // ---- what sync writes ----

    /** A user with all 2FA settings ON, no app, not a technician. */
    public MemoryRecords user(String id, String mobile) {
        return user(new User(id, nameOf(id), mobile, false, SecuritySettings.ALL_ON, false));
    }

    public MemoryRecords technician(String id, String mobile) {
        return user(new User(id, nameOf(id), mobile, true, SecuritySettings.ALL_ON, false));
    }

    public MemoryRecords user(User user) {
        users.put(user.id(), user);
        return this;
    }

    public MemoryRecords accountCode(String userId, String code) {
        accountCodeHashes.put(userId, ACCOUNT_CODES.hash(code));
        return this;
    }

    /** The enclosure's tamper switch as the machine will read it from now on. */
    public MemoryRecords enclosure(org.smartbox.cache.Enclosure state) {
        this.enclosure = state;
        return this;
    }

    @Override
    public org.smartbox.cache.Enclosure enclosure() {
        return enclosure;
    }

    public MemoryRecords security(String userId, boolean login2fa, boolean keyPickups2fa, boolean guestPickups2fa) {
        return security(userId, new SecuritySettings(login2fa, keyPickups2fa, guestPickups2fa));
    }

    /** Replaces the user's settings; {@code null} stands for a sync record without a security block. */
    public MemoryRecords security(String userId, SecuritySettings settings) {
        User u = existing(userId);
        return user(new User(u.id(), u.name(), u.mobile(), u.technician(), settings, u.hasAppSecret()));
    }

    public MemoryRecords mobile(String userId, String mobile) {
        User u = existing(userId);
        return user(new User(u.id(), u.name(), mobile, u.technician(), u.security(), u.hasAppSecret()));
    }

    public MemoryRecords appSecret(String userId, byte[] secret) {
        User u = existing(userId);
        appSecrets.put(userId, secret.clone());
        return user(new User(u.id(), u.name(), u.mobile(), u.technician(), u.security(), true));
    }

    public MemoryRecords removeUser(String userId) {
        users.remove(userId);
        accountCodeHashes.remove(userId);
        appSecrets.remove(userId);
        return this;
    }

    /** A key in its slot: the slot's sensor reads present. */
    public MemoryRecords key(String id, String ownerId, String label, int slot) {
        keys.put(id, new Key(id, ownerId, label, slot));
        occupied.add(slot);
        return this;
    }

    /** A key the box believes is out with {@code holderId}; its slot reads empty. */
    public MemoryRecords keyOutWith(String id, String ownerId, String label, int slot, String holderId) {
        keys.put(id, new Key(id, ownerId, label, slot));
        keyStates.put(id, KeyState.outWith(holderId));
        occupied.remove(slot);
        return this;
    }

    public MemoryRecords deleteKey(String keyId) {
        keys.remove(keyId);
        keyStates.remove(keyId);
        accesses.values().removeIf(a -> a.keyId().equals(keyId));
        return this;
    }

    public MemoryRecords access(String id, String keyId, String userId, Instant from, Instant until, Integer maxPickups) {
        accesses.put(id, new Access(id, keyId, userId, from, until, maxPickups, 0));
        return this;
    }

    public MemoryRecords revoke(String accessId) {
        accesses.remove(accessId);
        return this;
    }

    // ---- what the box writes (the records port) ----

    @Override
    public <T> T transaction(Supplier<T> work) {
        transactionDepth++;
        T result;
        try {
            result = work.get();
        } finally {
            transactionDepth--;
        }
        if (transactionDepth == 0) {
            List<Runnable> due = List.copyOf(afterCommit);
            afterCommit.clear();
            due.forEach(Runnable::run);
        }
        return result;
    }

    @Override
    public void afterCommit(Runnable action) {
        if (transactionDepth == 0) {
            action.run();
        } else {
            afterCommit.add(action);
        }
    }

    @Override
    public void keyOut(String keyId, String holderId, String accessId, Instant at) {
        if (keys.containsKey(keyId)) {
            keyStates.put(keyId, KeyState.outWith(holderId));
        }
        Access a = accessId == null ? null : accesses.get(accessId);
        if (a != null) {
            accesses.put(a.id(), new Access(a.id(), a.keyId(), a.userId(), a.validFrom(), a.validUntil(),
                    a.maxPickups(), a.pickupsUsed() + 1));
        }
    }

    @Override
    public void keyIn(String keyId, Instant at) {
        if (keys.containsKey(keyId)) {
            keyStates.put(keyId, KeyState.IN);
        }
    }

    @Override
    public void recordCodeIssued(String userId, Instant at) {
        codeIssues.add(new Issue(userId, at));
    }

    @Override
    public void forgetLastCodeIssued(String userId) {
        for (int i = codeIssues.size() - 1; i >= 0; i--) {
            if (codeIssues.get(i).userId().equals(userId)) {
                codeIssues.remove(i);
                return;
            }
        }
    }

    /** The machine uses a grant once, right before its release: a second use is its bug, and fails the test. */
    @Override
    public boolean useGrant(String grantId, Instant expiresAt, Instant now) {
        if (usedGrants.putIfAbsent(grantId, expiresAt) != null) {
            throw new AssertionError("grant " + grantId + " used twice");
        }
        return true;
    }

    /** The grants used up (each right before its slot was released), in order. */
    public List<String> usedGrants() {
        return List.copyOf(usedGrants.keySet());
    }

    @Override
    public void useAppStep(String userId, long step) {
        appSteps.merge(userId, step, Math::max);
    }

    @Override
    public void saveLockout(BoxState.SavedLockout saved) {
        this.lockout = saved;
    }

    @Override
    public void setOpenLatch(BoxState.OpenLatch latch) {
        this.openLatch = latch;
    }

    @Override
    public void clearOpenLatch() {
        this.openLatch = null;
    }

    @Override
    public boolean releaseReserve() {
        return false;
    }

    @Override
    public String where() {
        return "memory";
    }

    /** The lockout counters as last saved, if they ever were. */
    public Optional<BoxState.SavedLockout> savedLockout() {
        return Optional.ofNullable(lockout);
    }

    /** The latch noted open (released and not yet held), if any. */
    public Optional<BoxState.OpenLatch> openLatch() {
        return Optional.ofNullable(openLatch);
    }

    /** The key sensor of a slot. */
    public void sensor(int slot, boolean present) {
        if (present) {
            occupied.add(slot);
        } else {
            occupied.remove(slot);
        }
    }

    // ---- test accessors ----

    /** How often a user was looked up by mobile number or account code. */
    public int identityLookups() {
        return lookups;
    }

    public List<Issue> codeIssues() {
        return List.copyOf(codeIssues);
    }

    public Optional<Access> access(String id) {
        return Optional.ofNullable(accesses.get(id));
    }

    public List<Access> allAccesses() {
        return List.copyOf(accesses.values());
    }

    public List<Key> allKeys() {
        return List.copyOf(keys.values());
    }

    public List<User> allUsers() {
        return List.copyOf(users.values());
    }

    // ---- CacheView ----

    @Override
    public List<User> usersByMobile(String e164) {
        lookups++;
        return users.values().stream().filter(u -> e164.equals(u.mobile())).toList();
    }

    @Override
    public Optional<User> userByAccountCode(String digits) {
        lookups++;
        byte[] typed = ACCOUNT_CODES.hash(digits);
        return accountCodeHashes.entrySet().stream()
                .filter(e -> MessageDigest.isEqual(e.getValue(), typed))
                .map(e -> users.get(e.getKey()))
                .filter(u -> u != null)
                .findFirst();
    }

    @Override
    public Optional<User> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public Optional<Key> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public Optional<Key> keyInSlot(int slot) {
        return keys.values().stream().filter(k -> k.slot() == slot).findFirst();
    }

    @Override
    public List<Key> keysOwnedBy(String userId) {
        return keys.values().stream().filter(k -> k.isOwnedBy(userId))
                .sorted(Comparator.comparingInt(Key::slot)).toList();
    }

    @Override
    public List<Key> keysHeldBy(String userId) {
        return keys.values().stream().filter(k -> keyState(k.id()).heldBy(userId)).toList();
    }

    @Override
    public List<Access> accessesOf(String userId) {
        return accesses.values().stream().filter(a -> a.userId().equals(userId)).toList();
    }

    @Override
    public KeyState keyState(String keyId) {
        return keyStates.getOrDefault(keyId, KeyState.IN);
    }

    @Override
    public boolean slotOccupied(int slot) {
        return occupied.contains(slot);
    }

    @Override
    public int codesIssuedSince(String userId, Instant since) {
        return (int) codeIssues.stream().filter(i -> i.userId().equals(userId) && !i.at().isBefore(since)).count();
    }

    @Override
    public Optional<byte[]> appSecret(String userId) {
        return Optional.ofNullable(appSecrets.get(userId)).map(byte[]::clone);
    }

    @Override
    public OptionalLong lastAppStep(String userId) {
        Long step = appSteps.get(userId);
        return step == null ? OptionalLong.empty() : OptionalLong.of(step);
    }

    @Override
    public BoxStatus status() {
        return new BoxStatus("test", boxId, 7, null, users.size(), keys.size(), accesses.size(), 0, "n/a");
    }

    /** The diagnostic checks the service menu shows (run in place by {@link MemoryKiosk}); a test sets them. */
    public final List<HealthCheck> checks = new ArrayList<>();

    private User existing(String userId) {
        User u = users.get(userId);
        if (u == null) {
            throw new IllegalArgumentException("no user " + userId);
        }
        return u;
    }

    private static String nameOf(String id) {
        String bare = id.startsWith("u-") ? id.substring(2) : id;
        return bare.isEmpty() ? id : Character.toUpperCase(bare.charAt(0)) + bare.substring(1) + " Test";
    }
}
