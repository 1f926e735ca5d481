package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_MOBILE;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.AppCodes;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/** SPEC §5 app codes: Olivia has the phone app (a TOTP secret) and asks a code for her own pickups. */
class AppCodeFlowTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private final MemoryKiosk k = TestBox.kiosk(TestBox.cache().appSecret(OLIVIA, SECRET));

    {
        // Away from a step boundary, so "one step either way" is unambiguous.
        k.advance(12);
    }

    /** What Olivia's phone shows {@code steps} steps from now. */
    private String phoneCode(int steps) {
        long step = Math.floorDiv(k.wall().getEpochSecond(), AppCodes.STEP_SECONDS) + steps;
        return new String(new AppCodes().code(SECRET, step), StandardCharsets.US_ASCII);
    }

    @Test
    void aUserWithTheAppIsOfferedTheAppCodeFirstAndNoSmsIsSent() {
        k.press(OLIVIA_NATIONAL + "#");
        assertTrue(k.shows("app code"), k.display());
        assertTrue(k.sendCodes().isEmpty());
        assertEquals(0, k.count(AuditType.CODE_SENT));
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void hashAsksForAnSmsInstead() {
        k.press(OLIVIA_NATIONAL + "#");
        k.press("#");
        assertEquals(OLIVIA_MOBILE, k.lastSms().mobile());
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        k.take(SLOT_4B);
        assertEquals("SMS", k.last(AuditType.PICKUP).field("factor"));
    }

    @Test
    void aValidAppCodeOpensWithFactorApp() {
        k.press(OLIVIA_NATIONAL + "#");
        k.press(phoneCode(0) + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        assertEquals("APP", k.last(AuditType.CODE_ACCEPTED).field("factor"));
        k.take(SLOT_4B);
        assertEquals("APP", k.last(AuditType.PICKUP).field("factor"));
        assertTrue(k.sendCodes().isEmpty());
    }

    @Test
    void anAppCodeIsAcceptedOnlyOnce() {
        String code = phoneCode(0);
        k.press(OLIVIA_NATIONAL + "#");
        k.press(code + "#");
        k.take(SLOT_4B);
        k.advance(5);
        k.press(OLIVIA_NATIONAL + "##");
        k.put(SLOT_4B);
        k.advance(5);
        assertEquals(1, k.count(AuditType.RETURN));
        k.press(OLIVIA_NATIONAL + "#");
        k.press(code + "#");
        assertEquals(2, k.releases().size(), "the replayed code opened nothing");
        assertEquals("app_code_reused", k.last(AuditType.CODE_REJECTED).field("reason"));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1})
    void oneStepOfDriftEitherWayIsAccepted(int steps) {
        k.press(OLIVIA_NATIONAL + "#");
        k.press(phoneCode(steps) + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, 2, -3, 3})
    void twoStepsOfDriftAreRejected(int steps) {
        k.press(OLIVIA_NATIONAL + "#");
        k.press(phoneCode(steps) + "#");
        assertTrue(k.releases().isEmpty());
        assertEquals("wrong", k.last(AuditType.CODE_REJECTED).field("reason"));
    }

    @Test
    void theAppCodeScreenTimesOutAfterSixtyIdleSeconds() {
        k.press(OLIVIA_NATIONAL + "#");
        k.advance(59);
        assertTrue(k.shows("app code"));
        k.advance(1);
        assertEquals(OLIVIA, k.last(AuditType.SESSION_TIMEOUT).field("user"));
        assertTrue(k.shows("Mobile # or code"), k.display());
    }

    @Test
    void threeWrongAppCodesEndTheSession() {
        k.press(OLIVIA_NATIONAL + "#");
        k.press("000001#000002#000003#");
        assertTrue(k.shows("Too many wrong codes"), k.display());
        k.press(phoneCode(0) + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void aUserWithoutTheAppGetsTheSmsAtOnce() {
        k.press(TestBox.GUS_NATIONAL + "#");
        assertEquals(1, k.sendCodes().size());
        assertTrue(k.shows("Code sent"), k.display());
    }

    @Test
    void anotherUsersAppCodeDoesNotWork() {
        MemoryKiosk both = TestBox.kiosk(TestBox.cache().appSecret(OLIVIA, SECRET)
                .appSecret(TestBox.GUS, "abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII)));
        both.press(TestBox.GUS_NATIONAL + "#");
        long step = Math.floorDiv(both.wall().getEpochSecond(), AppCodes.STEP_SECONDS);
        both.press(new String(new AppCodes().code(SECRET, step), StandardCharsets.US_ASCII) + "#");
        assertTrue(both.releases().isEmpty());
    }
}
