package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrantTest {

    private static final Ed25519Keys.Base64Pair CLOUD = Ed25519Keys.generate();
    private static final GrantSigner SIGNER = GrantSigner.fromBase64(CLOUD.privateKey());
    private static final GrantVerifier VERIFIER = new GrantVerifier(Ed25519Keys.publicKey(CLOUD.publicKey()), "SB-DEMO");

    private static final Instant FROM = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-28T12:02:00Z");
    private static final Instant INSIDE = Instant.parse("2026-11-28T12:01:00Z");
    private static final Grant EXAMPLE = new Grant("g-81f3", "SB-DEMO", "u-olivia", "k-4b", FROM, UNTIL);

    /** The canonical JSON of the example grant in sync-format.md, byte for byte. */
    private static final String EXAMPLE_CANONICAL = "{\"boxId\":\"SB-DEMO\",\"expiresAt\":\"2026-11-28T12:02:00Z\","
            + "\"grantId\":\"g-81f3\",\"keyId\":\"k-4b\",\"notBefore\":\"2026-11-28T12:00:00Z\",\"schema\":1,"
            + "\"type\":\"grant\",\"userId\":\"u-olivia\"}";

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static GrantVerdict.Refused refused(GrantVerdict verdict, GrantVerdict.Reason reason) {
        GrantVerdict.Refused refused = assertInstanceOf(GrantVerdict.Refused.class, verdict, verdict::toString);
        assertEquals(reason, refused.reason(), refused::toString);
        return refused;
    }

    private static Map<String, Object> exampleFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("schema", 1);
        fields.put("type", "grant");
        fields.put("boxId", "SB-DEMO");
        fields.put("grantId", "g-81f3");
        fields.put("userId", "u-olivia");
        fields.put("keyId", "k-4b");
        fields.put("notBefore", "2026-11-28T12:00:00Z");
        fields.put("expiresAt", "2026-11-28T12:02:00Z");
        return fields;
    }

    private static SyncRejection malformed(String json) {
        GrantReader.Result result = GrantReader.read(bytes(json));
        return assertInstanceOf(GrantReader.Result.Malformed.class, result, result::toString).rejection();
    }

    private static ObjectNode signedExample() {
        return Docs.parse(SIGNER.sign(EXAMPLE));
    }

    @Test
    void validGrantVerifies() {
        GrantVerdict verdict = VERIFIER.verify(bytes(SIGNER.sign(EXAMPLE)), INSIDE);
        assertEquals(new GrantVerdict.Accepted(EXAMPLE), verdict);
    }

    @Test
    void signedGrantHasTheFieldsOfTheFormatInItsOrder() {
        String json = SIGNER.sign(EXAMPLE);
        assertTrue(json.startsWith("{\"schema\":1,\"type\":\"grant\",\"boxId\":\"SB-DEMO\",\"grantId\":\"g-81f3\","
                + "\"userId\":\"u-olivia\",\"keyId\":\"k-4b\",\"notBefore\":\"2026-11-28T12:00:00Z\","
                + "\"expiresAt\":\"2026-11-28T12:02:00Z\",\"signature\":\""), json);
    }

    @Test
    void canonicalJsonOfTheExampleIsByteExact() {
        assertArrayEquals(bytes(EXAMPLE_CANONICAL), CanonicalJson.canonical(exampleFields()));
    }

    @Test
    void readerCanonicalizesWhateverSpacingAndOrderTheGrantCameIn() {
        String json = """
                {"signature": "%s",
                  "userId": "u-olivia", "keyId": "k-4b", "schema": 1, "type": "grant", "boxId": "SB-DEMO",
                  "grantId": "g-81f3", "notBefore": "2026-11-28T12:00:00Z", "expiresAt": "2026-11-28T12:02:00Z"}
                """.formatted(Base64.getEncoder().encodeToString(new byte[64]));
        GrantReader.Result.Parsed parsed = assertInstanceOf(GrantReader.Result.Parsed.class, GrantReader.read(bytes(json)));
        assertArrayEquals(bytes(EXAMPLE_CANONICAL), parsed.grant().canonical());
        assertEquals(EXAMPLE, parsed.grant().grant());
    }

    @Test
    void signatureCoversExactlyTheCanonicalBytes() throws Exception {
        byte[] signature = Base64.getDecoder().decode(signedExample().get("signature").textValue());
        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(Ed25519Keys.publicKey(CLOUD.publicKey()));
        check.update(bytes(EXAMPLE_CANONICAL));
        assertTrue(check.verify(signature));
    }

    @Test
    void canonicalStringsAreEscapedAsJcsAndNamesSortedByUtf16Units() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("\uD83D\uDE00", "smile");
        fields.put("é", "café/\"quoted\"\\ \n\t\u0001\u007f");
        fields.put("a", -42L);
        fields.put("B", "\uD800lone");
        String expected = "{\"B\":\"\\ud800lone\",\"a\":-42,\"é\":\"café/\\\"quoted\\\"\\\\ \\n\\t\\u0001\u007f\","
                + "\"\uD83D\uDE00\":\"smile\"}";
        assertArrayEquals(bytes(expected), CanonicalJson.canonical(fields));
    }

    @Test
    void unknownFieldsAreSignedAsReceived() {
        Map<String, Object> fields = exampleFields();
        fields.put("region", "eu-1");
        fields.put("nonce", 9007199254740991L);
        String json = SIGNER.sign(fields);
        assertInstanceOf(GrantVerdict.Accepted.class, VERIFIER.verify(bytes(json), INSIDE));
        String tampered = json.replace("\"eu-1\"", "\"us-1\"");
        refused(VERIFIER.verify(bytes(tampered), INSIDE), GrantVerdict.Reason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "null", "1.5", "[]", "{}", "9007199254740992", "-9223372036854775808"})
    void unknownFieldMustBeAStringOrSafeInteger(String value) {
        ObjectNode grant = signedExample();
        grant.set("extra", Docs.parse("{\"v\":" + value + "}").get("v"));
        SyncRejection r = malformed(grant.toString());
        assertEquals("extra", r.path());
        assertEquals("must be a string or an integer to be signed", r.problem());
    }

    @Test
    void tamperedGrantHasABadSignature() {
        String json = SIGNER.sign(EXAMPLE).replace("\"k-4b\"", "\"k-5c\"");
        GrantVerdict.Refused r = refused(VERIFIER.verify(bytes(json), INSIDE), GrantVerdict.Reason.BAD_SIGNATURE);
        assertEquals("k-5c", r.grant().orElseThrow().keyId());
    }

    @Test
    void grantSignedWithAnotherKeyHasABadSignature() {
        GrantSigner stranger = GrantSigner.fromBase64(Ed25519Keys.generate().privateKey());
        refused(VERIFIER.verify(bytes(stranger.sign(EXAMPLE)), INSIDE), GrantVerdict.Reason.BAD_SIGNATURE);
    }

    @Test
    void zeroSignatureIsABadSignature() {
        ObjectNode grant = signedExample().put("signature", Base64.getEncoder().encodeToString(new byte[64]));
        refused(VERIFIER.verify(bytes(grant.toString()), INSIDE), GrantVerdict.Reason.BAD_SIGNATURE);
    }

    @Test
    void grantForAnotherBoxIsRefused() {
        Grant other = new Grant("g-1", "SB-OTHER", "u-olivia", "k-4b", FROM, UNTIL);
        GrantVerdict.Refused r = refused(VERIFIER.verify(bytes(SIGNER.sign(other)), INSIDE), GrantVerdict.Reason.WRONG_BOX);
        assertEquals("the grant is for box \"SB-OTHER\"", r.detail());
    }

    @Test
    void windowOfMoreThanFiveMinutesIsRefused() {
        Grant longer = new Grant("g-1", "SB-DEMO", "u-olivia", "k-4b", FROM, FROM.plusSeconds(301));
        refused(VERIFIER.verify(bytes(SIGNER.sign(longer)), INSIDE), GrantVerdict.Reason.WINDOW_TOO_LONG);
        Grant fiveMinutes = new Grant("g-1", "SB-DEMO", "u-olivia", "k-4b", FROM, FROM.plusSeconds(300));
        assertInstanceOf(GrantVerdict.Accepted.class, VERIFIER.verify(bytes(SIGNER.sign(fiveMinutes)), INSIDE));
    }

    @Test
    void grantBeforeItsWindowIsNotYetValid() {
        byte[] json = bytes(SIGNER.sign(EXAMPLE));
        refused(VERIFIER.verify(json, FROM.minusMillis(1)), GrantVerdict.Reason.NOT_YET_VALID);
        assertInstanceOf(GrantVerdict.Accepted.class, VERIFIER.verify(json, FROM));
    }

    @Test
    void grantAtOrAfterItsEndHasExpired() {
        byte[] json = bytes(SIGNER.sign(EXAMPLE));
        refused(VERIFIER.verify(json, UNTIL), GrantVerdict.Reason.EXPIRED);
        refused(VERIFIER.verify(json, UNTIL.plusSeconds(3600)), GrantVerdict.Reason.EXPIRED);
        assertInstanceOf(GrantVerdict.Accepted.class, VERIFIER.verify(json, UNTIL.minusMillis(1)));
    }

    @Test
    void expiresAtMustBeAfterNotBefore() {
        Map<String, Object> fields = exampleFields();
        fields.put("expiresAt", "2026-11-28T12:00:00Z");
        GrantVerdict.Refused r = refused(VERIFIER.verify(bytes(SIGNER.sign(fields)), INSIDE), GrantVerdict.Reason.MALFORMED);
        assertEquals("expiresAt: must be after notBefore", r.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"schema", "type", "boxId", "grantId", "userId", "keyId", "notBefore", "expiresAt", "signature"})
    void everyGrantFieldIsRequired(String field) {
        ObjectNode grant = signedExample();
        grant.remove(field);
        SyncRejection r = malformed(grant.toString());
        assertEquals(field, r.path());
        assertEquals("is required", r.problem());
    }

    @Test
    void syncDocumentIsNotAGrant() {
        SyncRejection r = malformed(signedExample().put("type", "snapshot").toString());
        assertEquals("type: must be \"grant\"", r.message());
    }

    @Test
    void grantInstantsNeedAZone() {
        SyncRejection r = malformed(signedExample().put("notBefore", "2026-11-28T12:00:00").toString());
        assertEquals("notBefore", r.path());
    }

    @Test
    void signatureMustBeBase64OfSixtyFourBytes() {
        assertEquals("signature: must be base64", malformed(signedExample().put("signature", "not base64!").toString()).message());
        String short32 = Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals("signature: must be a 64-byte Ed25519 signature",
                malformed(signedExample().put("signature", short32).toString()).message());
    }

    @Test
    void duplicateFieldIsMalformedSoNoFieldCanBeReadTwoWays() {
        String json = SIGNER.sign(EXAMPLE).replace("\"keyId\":\"k-4b\"", "\"keyId\":\"k-4b\",\"keyId\":\"k-5c\"");
        GrantVerdict.Refused r = refused(VERIFIER.verify(bytes(json), INSIDE), GrantVerdict.Reason.MALFORMED);
        assertTrue(r.detail().startsWith("keyId: duplicate field"), r.detail());
        assertFalse(r.grant().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1]", "{\"schema\":1", "{} {}"})
    void brokenJsonIsMalformed(String json) {
        GrantVerdict.Refused r = refused(VERIFIER.verify(bytes(json), INSIDE), GrantVerdict.Reason.MALFORMED);
        assertFalse(r.detail().isBlank());
    }

    @Test
    void oversizedGrantIsMalformed() {
        ObjectNode grant = signedExample().put("padding", "x".repeat(GrantReader.MAX_BYTES));
        assertEquals("the grant is larger than 16384 bytes", malformed(grant.toString()).message());
    }

    @Test
    void reasonCodesAreAuditFieldsWithoutSpaces() {
        Set<String> codes = Arrays.stream(GrantVerdict.Reason.values()).map(GrantVerdict.Reason::code)
                .collect(Collectors.toSet());
        assertEquals(Set.of("malformed", "bad_signature", "wrong_box", "window_too_long", "not_yet_valid", "expired"), codes);
    }

    @Test
    void publicKeyIsAcceptedAsX509AndAsRawBytes() {
        byte[] x509 = Base64.getDecoder().decode(CLOUD.publicKey());
        String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        PublicKey fromRaw = Ed25519Keys.publicKey(raw);
        assertArrayEquals(x509, fromRaw.getEncoded());
        GrantVerifier rawVerifier = new GrantVerifier(fromRaw, "SB-DEMO");
        assertInstanceOf(GrantVerdict.Accepted.class, rawVerifier.verify(bytes(SIGNER.sign(EXAMPLE)), INSIDE));
    }

    @Test
    void privateKeyIsAcceptedAsPkcs8AndAsRawSeed() {
        byte[] pkcs8 = Base64.getDecoder().decode(CLOUD.privateKey());
        String seed = Base64.getEncoder().encodeToString(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
        // Ed25519 signatures are deterministic: the same key signs the same bytes the same way.
        assertEquals(SIGNER.sign(EXAMPLE), GrantSigner.fromBase64(seed).sign(EXAMPLE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 at all!", "AAAA", "c2hvcnQ="})
    void badKeyTextIsRefusedWithoutEchoingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.publicKey(text));
        assertFalse(e.getMessage().contains(text), e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.privateKey(text));
        assertFalse(p.getMessage().contains(text), p.getMessage());
    }

    @Test
    void ed448KeysAreRefused() throws Exception {
        var ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> new GrantVerifier(ed448.getPublic(), "SB-DEMO"));
        assertThrows(IllegalArgumentException.class, () -> new GrantSigner(ed448.getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.publicKey(Ed25519Keys.encode(ed448.getPublic())));
    }

    @Test
    void privateKeyNeverShowsInToString() {
        assertFalse(CLOUD.toString().contains(CLOUD.privateKey()));
        assertFalse(SIGNER.toString().contains(CLOUD.privateKey()));
    }
}
