package org.smartbox.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The box secret: 256 random bits in a file only the service user can read (mode 0600), created on
 * first start. Every key the box uses (code hashes, account-code hashes, app-secret encryption) is
 * derived from it, one per purpose, so no key serves two ends.
 */
public final class BoxSecret {

    private static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] secret;

    private BoxSecret(byte[] secret) {
        this.secret = secret;
    }

    /** For tests and tools that hold the secret in memory. */
    public static BoxSecret of(byte[] secret) {
        if (secret.length != BYTES) {
            throw new IllegalArgumentException("the box secret is " + BYTES + " bytes");
        }
        return new BoxSecret(secret.clone());
    }

    /** Reads the secret file, creating it with owner-only permissions when it does not exist. */
    public static BoxSecret loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            try {
                return create(file, random);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it between our check and our create: read theirs.
            }
        }
        return load(file);
    }

    /** Reads an existing secret file; a malformed one is an error, never silently replaced. */
    public static BoxSecret load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": box secret is not hexadecimal (file damaged?)");
        }
        if (bytes.length != BYTES) {
            throw new IOException(file + ": box secret has " + bytes.length + " bytes, want " + BYTES);
        }
        return new BoxSecret(bytes);
    }

    private static BoxSecret create(Path file, SecureRandom random) throws IOException {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.US_ASCII);
        return new BoxSecret(bytes);
    }

    /** True when group or others may read or write the file. */
    public static boolean permissionsTooOpen(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        return perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p) && p != PosixFilePermission.OWNER_EXECUTE);
    }

    public static void restrictToOwner(Path file) throws IOException {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    /** A key for one purpose, derived as HMAC-SHA-256(secret, purpose). */
    public byte[] derive(String purpose) {
        return new KeyedHash(secret).hash("smartbox/" + purpose);
    }

    public KeyedHash keyedHash(String purpose) {
        return new KeyedHash(derive(purpose));
    }

    @Override
    public String toString() {
        return "BoxSecret[redacted]";
    }
}
