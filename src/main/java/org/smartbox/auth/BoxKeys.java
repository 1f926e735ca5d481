package org.smartbox.auth;

import java.security.SecureRandom;

/** The keys the box derives from its secret, one per purpose, gathered where they are made. */
public record BoxKeys(KeyedHash codes, KeyedHash accountCodes, AppSecretCipher appSecrets, byte[] check,
                      KeyedHash auditChain) {

    public static BoxKeys from(BoxSecret secret, SecureRandom random) {
        return new BoxKeys(secret.keyedHash("one-time-code"), secret.keyedHash("account-code"),
                new AppSecretCipher(secret.derive("app-secret"), random), secret.derive("database-check"),
                secret.keyedHash("audit-chain"));
    }

    @Override
    public String toString() {
        return "BoxKeys[redacted]";
    }
}
