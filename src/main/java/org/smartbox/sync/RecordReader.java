package org.smartbox.sync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.smartbox.auth.Base32;
import org.smartbox.cache.Key;
import org.smartbox.cache.SecuritySettings;

/**
 * Turns one user, key or access object into its record, checking the rules of sync-format.md that
 * concern that record alone, in the order of the format's Fields table. Rules that join records
 * (references, unique slots and account codes) are checked once the whole document is read.
 */
final class RecordReader {

    static final KnownFields USER_FIELDS = KnownFields
            .of("id", "name", "mobile", "accountCode", "technician", "appTotpSecret")
            .withObject("security", KnownFields.of("login2fa", "keyPickups2fa", "guestPickups2fa"));
    static final KnownFields KEY_FIELDS = KnownFields.of("id", "ownerId", "label", "slot");
    static final KnownFields ACCESS_FIELDS =
            KnownFields.of("id", "keyId", "userId", "validFrom", "validUntil", "maxPickups");

    /** A label has to fit a menu line of the 20-character display with room to spare. */
    static final int MAX_LABEL_CHARS = 64;
    static final int MIN_SECRET_BYTES = 16;

    private final int slots;

    RecordReader(int slots) {
        this.slots = slots;
    }

    SyncUser user(Fields f) throws Invalid {
        String id = f.id("id");
        String name = f.optionalString("name");
        String mobile = mobile(f);
        String accountCode = accountCode(f);
        boolean technician = f.bool("technician", false);
        byte[] appSecret = appSecret(f);
        SecuritySettings security = security(f);
        return new SyncUser(id, name == null ? "" : name, mobile, accountCode, technician, security, appSecret);
    }

    Key key(Fields f) throws Invalid {
        String id = f.id("id");
        String ownerId = f.id("ownerId");
        String label = f.string("label");
        if (label.isBlank()) {
            throw f.invalid("label", "must not be blank");
        }
        if (label.codePointCount(0, label.length()) > MAX_LABEL_CHARS) {
            throw f.invalid("label", "must be at most " + MAX_LABEL_CHARS + " characters");
        }
        return new Key(id, ownerId, label, slot(f));
    }

    /** A slot the box has; one beyond {@code box.slots} is named, as the box's config may be the thing to fix. */
    private int slot(Fields f) throws Invalid {
        try {
            return (int) f.integer("slot", 1, slots);
        } catch (Invalid e) {
            com.fasterxml.jackson.databind.JsonNode value = f.get("slot");
            if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > slots) {
                throw f.invalid("slot", e.rejection().problem() + " (box.slots): this box has no slot "
                        + value.longValue());
            }
            throw e;
        }
    }

    SyncAccess access(Fields f) throws Invalid {
        String id = f.id("id");
        String keyId = f.id("keyId");
        String userId = f.id("userId");
        Instant from = f.instant("validFrom");
        Instant until = f.instant("validUntil");
        if (!until.isAfter(from)) {
            throw f.invalid("validUntil", "must be after validFrom");
        }
        Long maxPickups = f.optionalInteger("maxPickups", 1, Integer.MAX_VALUE);
        return new SyncAccess(id, keyId, userId, from, until, maxPickups == null ? null : maxPickups.intValue());
    }

    private static String mobile(Fields f) throws Invalid {
        String mobile = f.optionalString("mobile");
        if (mobile != null && !isE164(mobile)) {
            throw f.invalid("mobile", Fields.quote(masked(mobile)) + " is not an E.164 number");
        }
        return mobile;
    }

    /** {@code +} then 8 to 15 ASCII digits, the first not 0. */
    static boolean isE164(String mobile) {
        int digits = mobile.length() - 1;
        if (digits < 8 || digits > 15 || mobile.charAt(0) != '+' || mobile.charAt(1) == '0') {
            return false;
        }
        return mobile.chars().skip(1).allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The bad number as the message shows it: every digit but the last four masked (SPEC §6 lets
     * nothing show more of a mobile number), the rest kept, since that is where the mistake is.
     */
    static String masked(String mobile) {
        long digits = mobile.chars().filter(Character::isDigit).count();
        StringBuilder sb = new StringBuilder(mobile.length());
        long seen = 0;
        for (int i = 0; i < mobile.length(); i++) {
            char c = mobile.charAt(i);
            if (Character.isDigit(c)) {
                seen++;
                sb.append(seen > digits - 4 ? c : '*');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Never echoed: the messages say what is wrong, not what was sent. */
    private static String accountCode(Fields f) throws Invalid {
        if (!f.has("accountCode")) {
            return null;
        }
        String problem = "must be a JSON string of 4 to 9 digits";
        if (!f.get("accountCode").isTextual()) {
            throw f.invalid("accountCode", problem);
        }
        String code = f.get("accountCode").textValue();
        boolean digits = code.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || code.length() < 4 || code.length() > 9) {
            throw f.invalid("accountCode", problem);
        }
        return code;
    }

    /** Never echoed, not even in part. */
    private static byte[] appSecret(Fields f) throws Invalid {
        if (!f.has("appTotpSecret")) {
            return null;
        }
        if (!f.get("appTotpSecret").isTextual()) {
            throw f.invalid("appTotpSecret", "must be a string");
        }
        String text = f.get("appTotpSecret").textValue();
        // Base32.decode upper-cases with Character.toUpperCase, which would map some non-ASCII
        // letters (dotless i, long s) onto the alphabet; only ASCII is base32.
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(text);
        byte[] secret = ascii ? Base32.decode(text).orElse(null) : null;
        if (secret == null) {
            throw f.invalid("appTotpSecret", "is not base32 (RFC 4648 letters A-Z and digits 2-7, no padding)");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw f.invalid("appTotpSecret", "is too short: at least 128 bits are needed");
        }
        return secret;
    }

    /** Absent block or absent setting: ON (SPEC §4 rule 3). A present null is an error, not a guess. */
    private static SecuritySettings security(Fields f) throws Invalid {
        Fields security = f.optionalObject("security");
        if (security == null) {
            return SecuritySettings.ALL_ON;
        }
        return new SecuritySettings(
                security.bool("login2fa", true),
                security.bool("keyPickups2fa", true),
                security.bool("guestPickups2fa", true));
    }
}
