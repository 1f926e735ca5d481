package org.smartbox.sync;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory cache for validation tests; account codes kept in clear, which only a test may do. */
final class MemoryBase implements SyncBase {

    private final String boxId;
    private final int slots;
    private long version;
    private final Set<String> users = new LinkedHashSet<>();
    private final Map<String, KeyRef> keys = new LinkedHashMap<>();
    private final Map<String, AccessRef> accesses = new LinkedHashMap<>();
    private final Map<String, String> accountCodes = new HashMap<>();
    private final Map<String, String> mobiles = new HashMap<>();

    MemoryBase(String boxId, int slots, long version) {
        this.boxId = boxId;
        this.slots = slots;
        this.version = version;
    }

    /** The demo box with nothing synced yet. */
    static MemoryBase empty() {
        return new MemoryBase("SB-DEMO", 12, 0);
    }

    /** The demo box after the example snapshot of sync-format.md (version 7). */
    static MemoryBase afterExampleSnapshot() {
        return new MemoryBase("SB-DEMO", 12, 7)
                .user("u-olivia", "481516")
                .user("u-gus", null)
                .user("u-tara", "909090")
                .key("k-4b", "u-olivia", 3)
                .access("a-1", "k-4b", "u-gus");
    }

    MemoryBase version(long v) {
        version = v;
        return this;
    }

    MemoryBase user(String id, String accountCode) {
        users.add(id);
        if (accountCode != null) {
            accountCodes.put(accountCode, id);
        }
        return this;
    }

    MemoryBase mobile(String userId, String mobile) {
        mobiles.put(userId, mobile);
        return this;
    }

    MemoryBase key(String id, String ownerId, int slot) {
        keys.put(id, new KeyRef(ownerId, slot));
        return this;
    }

    MemoryBase access(String id, String keyId, String userId) {
        accesses.put(id, new AccessRef(keyId, userId));
        return this;
    }

    @Override
    public String boxId() {
        return boxId;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public Set<String> userIds() {
        return Set.copyOf(users);
    }

    @Override
    public Map<String, KeyRef> keys() {
        return Map.copyOf(keys);
    }

    @Override
    public Map<String, AccessRef> accesses() {
        return Map.copyOf(accesses);
    }

    @Override
    public Optional<String> userWithAccountCode(String accountCode) {
        return Optional.ofNullable(accountCodes.get(accountCode));
    }

    @Override
    public Set<String> usersWithMobile(String mobile) {
        Set<String> ids = new LinkedHashSet<>();
        mobiles.forEach((id, m) -> {
            if (m.equals(mobile)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
