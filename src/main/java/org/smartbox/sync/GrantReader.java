package org.smartbox.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an app unlock grant (sync-format.md) and the canonical bytes its signature covers. Checks
 * form only; {@link GrantVerifier} checks signature, box and time. Never throws for bad input.
 *
 * <p>Every field but {@code signature} is signed, also fields this box does not know, exactly as
 * received: the cloud can add fields and still sign them. Signed fields must be strings or
 * integers (up to 2^53-1), the values whose canonical form is beyond doubt.
 */
public final class GrantReader {

    /** A grant is a few hundred bytes; anything much larger is not one. */
    public static final int MAX_BYTES = 16 * 1024;
    static final int SIGNATURE_BYTES = 64;

    private GrantReader() {
    }

    /** Either a grant with its signed bytes, or the first problem named by its JSON path. */
    public sealed interface Result {
        record Parsed(SignedGrant grant) implements Result {
        }

        record Malformed(SyncRejection rejection) implements Result {
        }
    }

    public static Result read(byte[] json) {
        if (json.length > MAX_BYTES) {
            return malformed(new SyncRejection("", "the grant is larger than " + MAX_BYTES + " bytes"));
        }
        try (JsonParser p = JsonInput.open(new ByteArrayInputStream(json), MAX_BYTES)) {
            try {
                Optional<SyncRejection> notObject = JsonInput.startRoot(p);
                if (notObject.isPresent()) {
                    return malformed(notObject.get());
                }
                ObjectNode fields = JsonNodeFactory.instance.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.set(name, JsonInput.scalar(p));
                }
                Optional<SyncRejection> trailing = JsonInput.endRoot(p);
                if (trailing.isPresent()) {
                    return malformed(trailing.get());
                }
                return new Result.Parsed(parse(new Fields(fields, "")));
            } catch (JsonProcessingException e) {
                return malformed(JsonInput.describe(e, p));
            }
        } catch (JsonInput.Refused e) {
            return malformed(e.rejection());
        } catch (IOException e) {
            return malformed(new SyncRejection("", "could not read the grant: " + e.getClass().getSimpleName()));
        } catch (Invalid e) {
            return malformed(e.rejection());
        }
    }

    private static SignedGrant parse(Fields f) throws Invalid {
        Header.schema(f);
        if (!"grant".equals(f.string("type"))) {
            throw f.invalid("type", "must be \"grant\"");
        }
        String boxId = f.id("boxId");
        String grantId = f.id("grantId");
        String userId = f.id("userId");
        String keyId = f.id("keyId");
        Instant notBefore = f.instant("notBefore");
        Instant expiresAt = f.instant("expiresAt");
        if (!expiresAt.isAfter(notBefore)) {
            throw f.invalid("expiresAt", "must be after notBefore");
        }
        byte[] signature = signature(f);
        Grant grant = new Grant(grantId, boxId, userId, keyId, notBefore, expiresAt);
        return new SignedGrant(grant, CanonicalJson.canonical(signedFields(f)), signature);
    }

    private static byte[] signature(Fields f) throws Invalid {
        String text = f.string("signature");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw f.invalid("signature", "must be base64");
        }
        if (signature.length != SIGNATURE_BYTES) {
            throw f.invalid("signature", "must be a " + SIGNATURE_BYTES + "-byte Ed25519 signature");
        }
        return signature;
    }

    /** All fields but the signature, as received; each must have a canonical form. */
    private static Map<String, Object> signedFields(Fields f) throws Invalid {
        Map<String, Object> signed = new LinkedHashMap<>();
        for (Iterator<String> names = f.names(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("signature")) {
                continue;
            }
            JsonNode value = f.get(name);
            if (value.isTextual()) {
                signed.put(name, value.textValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong() && CanonicalJson.isSafe(value.longValue())) {
                signed.put(name, value.longValue());
            } else {
                throw f.invalid(name, "must be a string or an integer to be signed");
            }
        }
        return signed;
    }

    private static Result malformed(SyncRejection rejection) {
        return new Result.Malformed(rejection);
    }
}
