package org.smartbox.auth;

import java.security.SecureRandom;

/** One-time codes of SPEC §5: 6 digits from {@link SecureRandom}, kept only as a keyed hash. */
public final class OneTimeCodes implements CodeFactory {

    public static final int LENGTH = 6;
    private static final int BOUND = 1_000_000;

    private final SecureRandom random;
    private final KeyedHash hash;

    public OneTimeCodes(SecureRandom random, KeyedHash hash) {
        this.random = random;
        this.hash = hash;
    }

    @Override
    public String newCode() {
        // Zero-padded by hand: String.format looks up the locale's digits every time.
        int value = random.nextInt(BOUND);
        char[] digits = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            digits[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return new String(digits);
    }

    @Override
    public CodeHash hash(String code) {
        return CodeHash.of(hash.hash(code));
    }

    @Override
    public boolean matches(CodeHash storedHash, String typed) {
        return storedHash != null && hash.matches(storedHash.bytes(), typed);
    }
}
