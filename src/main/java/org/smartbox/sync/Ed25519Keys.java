package org.smartbox.sync;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys from the base64 text of a config file: the DER forms Java writes (X.509 for public,
 * PKCS#8 for private keys), or the raw 32 bytes other tools print. Messages never hold key material.
 */
public final class Ed25519Keys {

    private static final String ALGORITHM = "Ed25519";
    private static final int RAW_BYTES = 32;
    /** RFC 8410 DER around a raw key: SubjectPublicKeyInfo with OID 1.3.101.112, and PKCS#8 v1. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private Ed25519Keys() {
    }

    /** A freshly generated pair, base64: X.509 public key, PKCS#8 private key. */
    public record Base64Pair(String publicKey, String privateKey) {
        @Override
        public String toString() {
            return "Base64Pair[publicKey=" + publicKey + ", privateKey=(hidden)]";
        }
    }

    /** Base64 of an X.509 SubjectPublicKeyInfo DER, or of the raw 32-byte key. */
    public static PublicKey publicKey(String base64) {
        byte[] der = withPrefix(decode(base64, "public"), X509_PREFIX);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw notA("public", "X.509 SubjectPublicKeyInfo");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    /** Base64 of a PKCS#8 DER, or of the raw 32-byte private key (the seed). */
    public static PrivateKey privateKey(String base64) {
        byte[] der = withPrefix(decode(base64, "private"), PKCS8_PREFIX);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw notA("private", "PKCS#8");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    public static Base64Pair generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new Base64Pair(encode(pair.getPublic()), encode(pair.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    /** Base64 of the key's standard DER encoding (X.509 or PKCS#8). */
    public static String encode(Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Refuses keys of other algorithms (Ed448, RSA) up front, not at the first grant. */
    static void requireEd25519(Key key) {
        boolean ed25519 = key instanceof EdECKey edec
                && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(edec.getParams().getName());
        if (!ed25519) {
            throw new IllegalArgumentException("not an Ed25519 key: " + key.getAlgorithm());
        }
    }

    private static byte[] decode(String base64, String kind) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Ed25519 " + kind + " key is not base64");
        }
    }

    private static byte[] withPrefix(byte[] key, byte[] prefix) {
        if (key.length != RAW_BYTES) {
            return key;
        }
        byte[] der = new byte[prefix.length + key.length];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(key, 0, der, prefix.length, key.length);
        return der;
    }

    private static IllegalArgumentException notA(String kind, String der) {
        return new IllegalArgumentException("not an Ed25519 " + kind + " key: expected base64 of the raw "
                + RAW_BYTES + " bytes or of " + der + " DER");
    }
}
