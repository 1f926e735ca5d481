package org.smartbox.sync;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signs app unlock grants as the cloud does; for tools, tests and the simulator. */
public final class GrantSigner {

    private final PrivateKey key;

    public GrantSigner(PrivateKey key) {
        Ed25519Keys.requireEd25519(key);
        this.key = key;
    }

    /** From base64 of a PKCS#8 DER or of the raw 32-byte private key. */
    public static GrantSigner fromBase64(String privateKey) {
        return new GrantSigner(Ed25519Keys.privateKey(privateKey));
    }

    /** The signed grant JSON, fields in the order sync-format.md shows them. */
    public String sign(Grant grant) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("schema", 1);
        fields.put("type", "grant");
        fields.put("boxId", grant.boxId());
        fields.put("grantId", grant.grantId());
        fields.put("userId", grant.userId());
        fields.put("keyId", grant.keyId());
        fields.put("notBefore", grant.notBefore().toString());
        fields.put("expiresAt", grant.expiresAt().toString());
        return sign(fields);
    }

    /**
     * Signs any fields (strings or integers) in the given order, and appends {@code signature}. For
     * grants with fields this box does not know yet, and for tests of malformed grants.
     */
    public String sign(Map<String, ?> fields) {
        if (fields.containsKey("signature")) {
            throw new IllegalArgumentException("fields must not hold a signature already");
        }
        byte[] canonical = CanonicalJson.canonical(fields);
        Map<String, Object> signed = new LinkedHashMap<>(fields);
        signed.put("signature", Base64.getEncoder().encodeToString(signature(canonical)));
        return CanonicalJson.write(signed);
    }

    private byte[] signature(byte[] canonical) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(canonical);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    @Override
    public String toString() {
        return "GrantSigner[Ed25519]";
    }
}
