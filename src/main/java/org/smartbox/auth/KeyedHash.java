package org.smartbox.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under one key derived from the box secret for one purpose (codes, account codes).
 * Keyed, so a copied database alone cannot be brute-forced offline for short codes.
 */
public final class KeyedHash {

    private static final String ALGORITHM = "HmacSHA256";
    private final byte[] key;
    /** Keyed once; each hash works on a copy (looking the algorithm up and keying it cost more than the hash). */
    private final Mac prototype;

    public KeyedHash(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("keyed hash needs at least 128 bits of key");
        }
        this.key = key.clone();
        this.prototype = newMac();
    }

    public byte[] hash(String value) {
        return hash(value.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] hash(byte[] value) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        return mac.doFinal(value);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** Constant-time: the time taken does not depend on where the first difference is. */
    public boolean matches(byte[] expectedHash, String candidate) {
        return MessageDigest.isEqual(expectedHash, hash(candidate));
    }

    @Override
    public String toString() {
        return "KeyedHash[HMAC-SHA-256]";
    }
}
