package org.smartbox.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.sync.SyncAccess;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncUser;

/**
 * A large site for the "anyone" attacker of issue 20: 500 users with account codes of mixed length
 * (300 of 4 digits, 150 of 6, 50 of 8, or all of {@code fixedDigits}), 200 of them owning a key each
 * (slots 1-200), 15% of owners with My Key Pickups 2FA OFF and 10% with Guest Pickups 2FA OFF, and
 * 150 guests with an access each. Deterministic: the same seed gives the same site.
 */
public final class GeneratedSite {

    public static final int USERS = 500;
    public static final int KEYS = 200;
    public static final int GUESTS = 150;

    public record Person(String id, String mobile, String code, SecuritySettings security) {
    }

    public record Access(String id, String keyId, String userId) {
    }

    public final List<Person> people = new ArrayList<>();
    public final List<Key> keys = new ArrayList<>();
    public final List<Access> accesses = new ArrayList<>();

    /** {@code fixedDigits}: 0 for the mixed lengths, else every code has that many digits. */
    public GeneratedSite(long seed, int fixedDigits) {
        Random random = new Random(seed);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < USERS; i++) {
            int digits = fixedDigits > 0 ? fixedDigits : i % 10 < 6 ? 4 : i % 10 < 9 ? 6 : 8;
            String code;
            do {
                code = String.format("%0" + digits + "d", (long) (random.nextDouble() * Math.pow(10, digits)));
            } while (!codes.add(code));
            boolean owner = i < KEYS;
            boolean keyOff = owner && random.nextInt(100) < 15;
            boolean guestOff = owner && random.nextInt(100) < 10;
            people.add(new Person(String.format("u-%03d", i), String.format("+1555100%04d", i), code,
                    new SecuritySettings(true, !keyOff, !guestOff)));
            if (owner) {
                keys.add(new Key(String.format("k-%03d", i), people.get(i).id(), "Unit " + (i + 1), i + 1));
            }
        }
        for (int g = 0; g < GUESTS; g++) {
            int guest = KEYS + g;
            accesses.add(new Access(String.format("a-%03d", g), keys.get(random.nextInt(KEYS)).id(),
                    people.get(guest).id()));
        }
    }

    /** The site in the pickup machine's test cache, every key in its slot. */
    public MemoryRecords cache(String boxId, Instant now) {
        MemoryRecords cache = new MemoryRecords(boxId);
        for (Person p : people) {
            cache.user(p.id(), p.mobile()).accountCode(p.id(), p.code()).security(p.id(), p.security());
        }
        for (Key k : keys) {
            cache.key(k.id(), k.ownerId(), k.label(), k.slot());
        }
        for (Access a : accesses) {
            cache.access(a.id(), a.keyId(), a.userId(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                    null);
        }
        return cache;
    }

    /** The site as a sync snapshot. */
    public SyncDocument.Snapshot snapshot(String boxId, long version, Instant now) {
        List<SyncUser> users = people.stream().map(p -> new SyncUser(p.id(), p.id(), p.mobile(), p.code(), false,
                p.security(), null)).toList();
        List<SyncAccess> list = accesses.stream().map(a -> new SyncAccess(a.id(), a.keyId(), a.userId(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), null)).toList();
        return new SyncDocument.Snapshot(boxId, version, users, keys, list);
    }
}
