package org.smartbox.sync;

import static org.smartbox.sync.Docs.assertNotEchoed;
import static org.smartbox.sync.Docs.element;
import static org.smartbox.sync.Docs.read;
import static org.smartbox.sync.Docs.rejectedAt;
import static org.smartbox.sync.Docs.snapshot;
import static org.smartbox.sync.Docs.validSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartbox.auth.Base32;

class UserRulesTest {

    private final MemoryBase base = MemoryBase.empty();

    private ObjectNode doc;

    /** The example snapshot with one field of user {@code index} set to a JSON value. */
    private SyncResult withUserField(int index, String field, String jsonValue) {
        doc = snapshot();
        element(doc, "users", index).set(field, Docs.parse("{\"v\":" + jsonValue + "}").get("v"));
        return read(doc, base);
    }

    @Test
    void userIdIsRequired() {
        doc = snapshot();
        element(doc, "users", 1).remove("id");
        rejectedAt(read(doc, base), "users[1].id", "is required");
    }

    @Test
    void userIdMustNotBeEmpty() {
        rejectedAt(withUserField(1, "id", "\"\""), "users[1].id", "must not be empty");
    }

    @Test
    void userIdMustBeAString() {
        rejectedAt(withUserField(1, "id", "42"), "users[1].id", "must be a string");
    }

    @Test
    void userIdsAreUniqueWithinTheList() {
        SyncRejection r = rejectedAt(withUserField(2, "id", "\"u-olivia\""), "users[2].id", "duplicate id");
        assertEquals("users[2].id: duplicate id \"u-olivia\" (also at users[0])", r.message());
    }

    @Test
    void mobileWithoutPlusIsRejectedWithItsPath() {
        rejectedAt(withUserField(1, "mobile", "\"15550000002\""), "users[1].mobile", "is not an E.164 number");
    }

    @Test
    void mobileInTheMessageShowsOnlyItsLastFourDigits() {
        SyncRejection r = rejectedAt(withUserField(2, "mobile", "\"555-1234\""), "users[2].mobile", "E.164");
        assertEquals("users[2].mobile: \"***-1234\" is not an E.164 number", r.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1234567", "+1234567890123456", "+0123456789", "+1555 0000001", "+", "",
            "+1555000000x", "+１５５５０００００01"})
    void mobileMustBePlusAndEightToFifteenDigitsNotStartingWithZero(String mobile) {
        rejectedAt(withUserField(0, "mobile", Docs.JSON.getNodeFactory().textNode(mobile).toString()),
                "users[0].mobile", "is not an E.164 number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+12345678", "+123456789012345", "+15550000001"})
    void mobileOfEightToFifteenDigitsIsAccepted(String mobile) {
        doc = snapshot();
        element(doc, "users", 0).put("mobile", mobile);
        assertEquals(mobile, validSnapshot(read(doc, base)).users().get(0).mobile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"15550000001", "null", "true"})
    void mobileMustBeAString(String value) {
        rejectedAt(withUserField(0, "mobile", value), "users[0].mobile", "must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"123\"", "\"1234567890\"", "\"12a45\"", "\"\"", "\" 1234\"", "\"١٢٣٤\"", "4815",
            "null", "\"4815.16\""})
    void accountCodeMustBeAStringOfFourToNineDigits(String code) {
        SyncRejection r = rejectedAt(withUserField(0, "accountCode", code), "users[0].accountCode",
                "must be a JSON string of 4 to 9 digits");
        String clear = code.replace("\"", "");
        if (clear.length() >= 4) {
            assertNotEchoed(r, clear);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234", "123456789"})
    void accountCodeOfFourOrNineDigitsIsAccepted(String code) {
        doc = snapshot();
        element(doc, "users", 1).put("accountCode", code);
        assertEquals(code, validSnapshot(read(doc, base)).users().get(1).accountCode());
    }

    @Test
    void accountCodeMustBeUniqueAcrossUsers() {
        SyncRejection r = rejectedAt(withUserField(2, "accountCode", "\"481516\""), "users[2].accountCode",
                "is already the account code of user \"u-olivia\"");
        assertNotEchoed(r, "481516");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yes\"", "1", "null", "\"true\""})
    void technicianMustBeTrueOrFalse(String value) {
        rejectedAt(withUserField(0, "technician", value), "users[0].technician", "must be true or false");
    }

    @Test
    void nameMustBeAString() {
        rejectedAt(withUserField(0, "name", "7"), "users[0].name", "must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "null", "[]", "\"on\""})
    void securityMustBeAnObject(String value) {
        rejectedAt(withUserField(0, "security", value), "users[0].security", "must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"login2fa", "keyPickups2fa", "guestPickups2fa"})
    void securitySettingMustBeTrueOrFalse(String setting) {
        doc = snapshot();
        ((ObjectNode) element(doc, "users", 0).get("security")).put(setting, "false");
        rejectedAt(read(doc, base), "users[0].security." + setting, "must be true or false");
    }

    @Test
    void securitySettingNullIsAnErrorNotADefault() {
        doc = snapshot();
        ((ObjectNode) element(doc, "users", 0).get("security")).putNull("keyPickups2fa");
        rejectedAt(read(doc, base), "users[0].security.keyPickups2fa", "must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JBSWY3DP!HPK3PXPJBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX==",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX1", "JBSWY3DP EHPK3PXPJBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPı"})
    void appTotpSecretMustBeBase32WithoutPadding(String secret) {
        SyncRejection r = rejectedAt(withUserField(0, "appTotpSecret", "\"" + secret + "\""),
                "users[0].appTotpSecret", "is not base32");
        assertNotEchoed(r, secret.substring(0, 8));
    }

    @Test
    void appTotpSecretNeedsAtLeast128Bits() {
        String short120 = Base32.encode(new byte[15]);
        SyncRejection r = rejectedAt(withUserField(0, "appTotpSecret", "\"" + short120 + "\""),
                "users[0].appTotpSecret", "at least 128 bits");
        assertNotEchoed(r, short120);
        doc = snapshot();
        element(doc, "users", 0).put("appTotpSecret", Base32.encode(new byte[16]));
        assertEquals(16, validSnapshot(read(doc, base)).users().get(0).appSecret().length);
    }

    @Test
    void appTotpSecretMustBeAString() {
        rejectedAt(withUserField(0, "appTotpSecret", "12345"), "users[0].appTotpSecret", "must be a string");
    }
}
