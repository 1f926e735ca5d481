package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.GUS_MOBILE;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.OLIVIA_MOBILE;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/** SPEC §5: one-time codes sent by SMS, as Gus (a guest who needs one) meets them at the box. */
class OneTimeCodeTest {

    private final MemoryKiosk k = TestBox.kiosk();

    @Test
    void identificationSendsOneCodeAndAuditsIt() {
        k.press(GUS_NATIONAL + "#");
        assertEquals(1, k.sms().size());
        assertEquals(GUS_MOBILE, k.lastSms().mobile());
        AuditEvent sent = k.last(AuditType.CODE_SENT);
        assertEquals(GUS, sent.field("user"));
        assertEquals(List.of(GUS), k.cache().codeIssues().stream().map(i -> i.userId()).toList());
        assertTrue(k.shows("Code sent to ***0042"), k.display());
    }

    @Test
    void aCodeIsValidForItsWholeLifetime() {
        k.press(GUS_NATIONAL + "#");
        k.advance(299);
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void aCodeExpiresAfter300SecondsAndTheSessionEnds() {
        k.press(GUS_NATIONAL + "#");
        String code = k.lastCode();
        k.advance(300);
        assertEquals(GUS, k.last(AuditType.CODE_EXPIRED).field("user"));
        assertTrue(k.shows("Code expired"), k.display());
        assertTrue(k.shows("Mobile # or code"), "back at home: " + k.display());
        k.press(code + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void typingDoesNotExtendTheCodesLifetime() {
        k.press(GUS_NATIONAL + "#");
        for (int i = 0; i < 5; i++) {
            k.advance(59);
            k.press("1*");
        }
        k.advance(5);
        assertEquals(1, k.count(AuditType.CODE_EXPIRED));
        k.press(k.lastCode() + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void aCodeWorksOnlyOnce() {
        k.press(GUS_NATIONAL + "#");
        String first = k.lastCode();
        k.press(first + "#");
        k.take(SLOT_4B);
        k.put(SLOT_4B); // put back by hand: a tamper, but the key is in the box again
        k.advance(61);
        k.press(GUS_NATIONAL + "#");
        assertNotEquals(first, k.lastCode());
        k.press(first + "#");
        assertEquals(1, k.releases().size(), "the used code opened nothing");
        assertEquals("1", k.last(AuditType.CODE_REJECTED).field("tries"));
    }

    @Test
    void threeWrongCodesVoidTheCodeAndEndTheSession() {
        k.press(GUS_NATIONAL + "#");
        String code = k.lastCode();
        k.press("000001#");
        // SPEC §5: three wrong entries per code; the display counts them down (issue 19).
        assertEquals("Wrong code, 2 left", k.frame().line(3).strip(), k.display());
        k.press("000002#");
        assertEquals("Wrong code, 1 left", k.frame().line(3).strip(), k.display());
        k.press("000003#");
        List<AuditEvent> rejected = k.audits(AuditType.CODE_REJECTED);
        assertEquals(List.of("1", "2", "3"), rejected.stream().map(a -> a.field("tries")).toList());
        assertTrue(k.shows("Too many wrong codes"), k.display());
        k.press(code + "#");
        assertTrue(k.releases().isEmpty(), "the code is void");
    }

    @Test
    void twoWrongCodesThenTheRightOneOpens() {
        k.press(GUS_NATIONAL + "#");
        k.press("000001#000002#");
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void aCodeOfTheWrongLengthIsNotATry() {
        k.press(GUS_NATIONAL + "#");
        k.press("123#");
        assertTrue(k.shows("6 digits"), k.display());
        k.press("12#1#99999#");
        assertEquals(0, k.count(AuditType.CODE_REJECTED));
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void atMostThreeCodesPerUserPer15Minutes() {
        k.press(GUS_NATIONAL + "#");
        k.press("#");
        k.press("#");
        assertEquals(3, k.sms().size());
        k.press("#");
        assertEquals(3, k.sms().size(), "no fourth code");
        AuditEvent denied = k.last(AuditType.DENIED);
        assertEquals("code_limit", denied.field("reason"));
        assertEquals(GUS, denied.field("user"));
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void theCodeLimitHoldsAcrossSessions() {
        for (int i = 0; i < 3; i++) {
            k.press(GUS_NATIONAL + "#");
            k.press("*");
            k.advance(60);
        }
        k.press(GUS_NATIONAL + "#");
        assertEquals(3, k.sms().size());
        assertEquals("code_limit", k.last(AuditType.DENIED).field("reason"));
        // Issue 19: the display says for how long: the first code (at 0:00) leaves the window at 15:00.
        assertEquals(List.of("Too many codes sent", "Next code in 12 min"),
                List.of(k.frame().line(1).strip(), k.frame().line(2).strip()), k.display());
        // Fifteen minutes after the first code, one is allowed again.
        k.advance(15 * 60 - 3 * 60 + 1);
        k.press(GUS_NATIONAL + "#");
        assertEquals(4, k.sms().size());
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void theCodeLimitIsPerUser() {
        k.press(GUS_NATIONAL + "####");
        assertEquals("code_limit", k.last(AuditType.DENIED).field("reason"));
        k.advance(61);
        k.press(OLIVIA_NATIONAL + "#");
        assertEquals(OLIVIA_MOBILE, k.lastSms().mobile());
    }

    @Test
    void hashOnAnEmptyCodeAsksForANewCode() {
        k.press(GUS_NATIONAL + "#");
        String first = k.lastCode();
        k.press("#");
        String second = k.lastCode();
        assertNotEquals(first, second);
        assertEquals(2, k.count(AuditType.CODE_SENT));
        assertEquals(2, k.cache().codeIssues().size(), "a new code counts against the limit");
        k.press(second + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void aNewCodeGetsAFullLifetime() {
        k.press(GUS_NATIONAL + "#");
        k.advance(200);
        k.press("#");
        k.advance(200);
        assertEquals(0, k.count(AuditType.CODE_EXPIRED));
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void starOnAnEmptyCodeCancels() {
        k.press(GUS_NATIONAL + "#");
        String code = k.lastCode();
        k.press("*");
        assertTrue(k.shows("Cancelled"), k.display());
        k.press(code + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void starDeletesTheLastDigitOfTheCode() {
        k.press(GUS_NATIONAL + "#");
        String code = k.lastCode();
        k.press(code.substring(0, 5) + "7*" + code.substring(5) + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void codeEntryIsMaskedButTheDigitTypedLast() {
        k.press(GUS_NATIONAL + "#");
        String code = k.lastCode();
        k.press(code.substring(0, 4));
        assertTrue(k.display().contains("> ***" + code.charAt(3) + " "), k.display());
        k.press("*");
        assertTrue(k.display().contains("> *** "), k.display());
        assertFalse(k.display().contains(code.substring(0, 3)));
    }

    @Test
    void anSmsFailureOnANewCodeDeniesAndEndsTheSession() {
        k.press(GUS_NATIONAL + "#");
        String first = k.lastCode();
        k.smsFails(true);
        k.press("#");
        assertEquals("sms_failed", k.last(AuditType.DENIED).field("reason"));
        k.press(first + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void codesAndFullMobileNumbersAppearInNoFrameAndNoAuditField() {
        k.press(GUS_NATIONAL + "#");
        k.press("000009#");
        k.press("#");
        k.press(k.lastCode().substring(0, 5));
        k.press("*");
        k.press(k.lastCode().substring(4) + "#");
        k.press(k.lastCode() + "#");
        k.take(SLOT_4B);
        k.advance(61);
        k.press(GUS_NATIONAL + "##");
        k.put(SLOT_4B);
        k.press(OLIVIA_NATIONAL + "#");
        k.advance(400);
        k.press(TestBox.OLIVIA_CODE + "#");
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B, SLOT_4B, SLOT_4B), k.releases());
        assertEquals(1, k.count(AuditType.PICKUP));
        assertEquals(1, k.count(AuditType.RETURN));
        TestBox.assertNothingLeaks(k.frames(), k.audits(), TestBox.secrets(k));
    }
}
