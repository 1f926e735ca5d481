package org.smartbox.auth;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/** RFC 4648 base32 without padding, as phone authenticator apps share TOTP secrets. */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    /** Decodes {@code text} (case-insensitive); empty when it is not valid unpadded base32. */
    public static Optional<byte[]> decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = ALPHABET.indexOf(Character.toUpperCase(text.charAt(i)));
            if (value < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        // Left-over bits must be zero padding of the last byte, and fewer than 5 of them.
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            return Optional.empty();
        }
        return Optional.of(out.toByteArray());
    }

    public static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }
}
