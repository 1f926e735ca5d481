package org.smartbox.fleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of a TLS setup: certificates ({@code BEGIN CERTIFICATE}, one or a chain) and
 * an unencrypted private key as PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, as AWS IoT hands them out) or SEC1 ({@code BEGIN EC PRIVATE KEY},
 * as {@code openssl ecparam -genkey} writes them). Encrypted keys are refused: the key file is
 * protected by its permissions, like the box secret, and a passphrase would have to sit beside it.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02,
        0x01};

    private Pem() {
    }

    /** Every certificate in the file, in order (leaf first for a client chain). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var cert : factory.generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) cert);
            }
        } catch (CertificateException e) {
            throw new IOException("not a PEM certificate file: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new IOException("holds no certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The first private key in the file. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            if (type.equals("ENCRYPTED PRIVATE KEY") || body.contains("Proc-Type: 4,ENCRYPTED")) {
                throw new IOException("the key is encrypted; store it unencrypted with mode 0600"
                        + " (openssl pkcs8 -topk8 -nocrypt)");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new IOException("the " + type + " block is not base64");
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, "RSA", "EC");
                case "RSA PRIVATE KEY":
                    return pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, octets(der))), "RSA");
                case "EC PRIVATE KEY":
                    return pkcs8(sequence(concat(new byte[] {0x02, 0x01, 0x00},
                            sequence(concat(EC_PUBLIC_KEY_OID, curveOf(der))), octets(der))), "EC");
                default:
                    // Something else (a certificate, parameters): look further.
            }
        }
        throw new IOException("holds no private key (expected -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or"
                + " EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws IOException {
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next one
            }
        }
        throw new IOException("the private key is not an RSA or EC key this box can read");
    }

    /** The named-curve OID in a SEC1 ECPrivateKey's {@code [0] parameters}. */
    private static byte[] curveOf(byte[] sec1) throws IOException {
        Der outer = Der.read(sec1, 0);
        if (outer.tag != 0x30) {
            throw new IOException("the EC PRIVATE KEY block is not DER");
        }
        int at = outer.contentStart;
        while (at < outer.end()) {
            Der field = Der.read(sec1, at);
            if (field.tag == (byte) 0xA0) {
                Der oid = Der.read(sec1, field.contentStart);
                if (oid.tag == 0x06) {
                    return java.util.Arrays.copyOfRange(sec1, field.contentStart, oid.end());
                }
            }
            at = field.end();
        }
        throw new IOException("the EC key names no curve; convert it with openssl pkcs8 -topk8 -nocrypt");
    }

    /** One DER element: its tag, where its content starts and how long it is. */
    private record Der(byte tag, int contentStart, int length) {
        int end() {
            return contentStart + length;
        }

        static Der read(byte[] der, int at) throws IOException {
            if (at + 2 > der.length) {
                throw new IOException("truncated DER");
            }
            byte tag = der[at];
            int first = der[at + 1] & 0xFF;
            int start = at + 2;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 3 || start + count > der.length) {
                    throw new IOException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (der[start + i] & 0xFF);
                }
                start += count;
            }
            if (start + length > der.length) {
                throw new IOException("truncated DER");
            }
            return new Der(tag, start, length);
        }
    }

    private static byte[] sequence(byte[] content) {
        return tagged(0x30, content);
    }

    private static byte[] octets(byte[] content) {
        return tagged(0x04, content);
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
