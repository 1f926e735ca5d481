package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;

import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditType;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/**
 * Issue 21 item 5: a code is audited as sent only when a gateway confirmed it, a failed send does
 * not use up the person's codes per window, and a confirmation after the code is void says so.
 */
class CodeDeliveryTest {

    private final MemoryKiosk k = TestBox.kiosk();

    @Test
    void failedSendsAreNotAuditedAsSentAndLeaveTheLimitForWhenTheModemIsBack() {
        k.smsFails(true);
        for (int i = 0; i < 3; i++) {
            k.press(GUS_NATIONAL + "#");
            assertEquals("sms_failed", k.last(AuditType.DENIED).field("reason"));
        }
        assertEquals(0, k.count(AuditType.CODE_SENT), k.auditLines()::toString);
        assertTrue(k.cache().codeIssues().isEmpty(), "nothing counted: " + k.cache().codeIssues());

        k.smsFails(false);
        k.press(GUS_NATIONAL + "#");

        assertEquals(1, k.sms().size());
        assertEquals(GUS, k.last(AuditType.CODE_SENT).field("user"));
        assertEquals(3, k.count(AuditType.DENIED), "no code_limit after the failures: " + k.auditLines());
        k.press(k.lastCode() + "#");
        assertEquals(1, k.releases().size());
    }

    @Test
    void codesStillOnTheirWayCountAgainstTheLimit() {
        k.smsHeld(true);
        for (int i = 0; i < 3; i++) {
            k.press(GUS_NATIONAL + "#");
            k.press("*");
        }
        assertEquals(0, k.count(AuditType.CODE_SENT), "none confirmed yet");

        k.press(GUS_NATIONAL + "#");

        assertEquals("code_limit", k.last(AuditType.DENIED).field("reason"));
        assertEquals(3, k.sendCodes().size());
    }

    @Test
    void aConfirmationAfterTheCodeExpiredIsAuditedLate() {
        k.smsHeld(true);
        k.press(GUS_NATIONAL + "#");
        k.advance(300);
        assertEquals(GUS, k.last(AuditType.CODE_EXPIRED).field("user"));

        k.handle(new Event.CodeDelivered(GUS));

        assertEquals(1, k.count(AuditType.CODE_SENT));
        assertEquals("void", k.last(AuditType.CODE_SENT).field("late"));
        assertTrue(k.shows("Mobile # or code"), "still at home: " + k.display());
        assertEquals(1, k.cache().codeIssues().size(), "a code that left counts");
    }

    @Test
    void aConfirmationInTimeIsAuditedOnceWithoutLate() {
        k.smsHeld(true);
        k.press(GUS_NATIONAL + "#");
        assertEquals(0, k.count(AuditType.CODE_SENT));

        k.handle(new Event.CodeDelivered(GUS));

        assertEquals(1, k.count(AuditType.CODE_SENT));
        assertEquals(null, k.last(AuditType.CODE_SENT).field("late"));
        assertEquals("***0042", k.last(AuditType.CODE_SENT).field("to"));
    }
}
