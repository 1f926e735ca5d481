package org.smartbox.auth;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The keyed hash kept in place of a one-time code. A value, not an array: screens that hold it stay
 * immutable records, two holders compare by content (in constant time), and printing one never
 * shows the bytes.
 */
public final class CodeHash {

    private final byte[] bytes;

    private CodeHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static CodeHash of(byte[] bytes) {
        return new CodeHash(bytes.clone());
    }

    /** A copy: nobody can change the hash a screen holds. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodeHash that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "CodeHash[" + bytes.length + " bytes]";
    }
}
