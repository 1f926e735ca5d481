package org.smartbox.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SPEC §5: codes are 6 random digits, kept only as an HMAC-SHA-256 under the box's key. */
class OneTimeCodesTest {

    private static final byte[] KEY = "a 32-byte key for one-time codes".getBytes(StandardCharsets.US_ASCII);

    private final KeyedHash hash = new KeyedHash(KEY);
    private final OneTimeCodes codes = new OneTimeCodes(new SecureRandom(), hash);

    @Test
    void codesAreSixDigitsAndVary() {
        Set<String> seen = new HashSet<>();
        boolean leadingZero = false;
        for (int i = 0; i < 2000; i++) {
            String code = codes.newCode();
            assertTrue(code.matches("[0-9]{6}"), code);
            leadingZero |= code.startsWith("0");
            seen.add(code);
        }
        assertTrue(seen.size() > 1950, "2000 random codes, " + seen.size() + " distinct");
        assertTrue(leadingZero, "codes below 100000 keep their leading zero");
    }

    @Test
    void theKeptHashIsTheKeyedHashNotTheCode() {
        byte[] h = codes.hash("318274").bytes();
        assertArrayEquals(hash.hash("318274"), h);
        assertEquals(32, h.length);
        assertFalse(new String(h, StandardCharsets.ISO_8859_1).contains("318274"));
        assertFalse(HexFormat.of().formatHex(h).contains("318274"));
        byte[] otherKey = new OneTimeCodes(new SecureRandom(),
                new KeyedHash("another box's 32-byte secret key".getBytes(StandardCharsets.US_ASCII))).hash("318274").bytes();
        assertFalse(java.util.Arrays.equals(h, otherKey), "another box's hash differs");
        assertFalse(codes.hash("318274").toString().contains(HexFormat.of().formatHex(h).substring(0, 8)),
                "printing a kept hash shows none of its bytes");
    }

    @Test
    void matchesOnlyTheCodeItself() {
        CodeHash h = codes.hash("318274");
        assertTrue(codes.matches(h, "318274"));
        assertFalse(codes.matches(h, "318275"));
        assertFalse(codes.matches(h, "31827"));
        assertFalse(codes.matches(h, "3182740"));
        assertFalse(codes.matches(h, ""));
        assertFalse(codes.matches(null, "318274"));
    }

    @Test
    void keyedHashGivesTheSameAnswerEveryTimeAndOnEveryThread() throws Exception {
        byte[] first = hash.hash("481516");
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(first, hash.hash("481516"));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var results = pool.invokeAll(java.util.Collections.nCopies(200,
                    (java.util.concurrent.Callable<byte[]>) () -> hash.hash("481516")));
            for (var result : results) {
                assertArrayEquals(first, result.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void keyedHashMatchesRfc4231TestCase1() {
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                HexFormat.of().formatHex(new KeyedHash(key).hash("Hi There")));
    }

    @Test
    void keyedHashRefusesAShortKey() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedHash(new byte[15]));
    }

    @Test
    void keyedHashDoesNotShowItsKey() {
        assertNotEquals(-1, hash.toString().indexOf("HMAC"));
        assertFalse(hash.toString().contains("32-byte"));
    }
}
