package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_CODE;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.LockoutState;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.QueueCodes;
import org.smartbox.testing.TestBox;

/**
 * Issue 20, {@code identify.codeOnlyNeedsDigits}: an account code shorter than the setting names the
 * person, but never opens a slot without the factor, even for an owner with keyPickups2fa OFF.
 */
class ShortCodeTest {

    /** Olivia owns 4B with My Key Pickups 2FA OFF; her account code has 6 digits. */
    private static MemoryKiosk box(int codeOnlyNeedsDigits) {
        KioskSettings d = KioskSettings.defaults(TestBox.BOX, 12);
        KioskSettings settings = d.withIdentify(new KioskSettings.Identify(d.identify().countryCode(), codeOnlyNeedsDigits));
        return new MemoryKiosk(settings, TestBox.cache().security(OLIVIA, true, false, true),
                new QueueCodes("318274", "602915"), LockoutState.CLEAR);
    }

    @Test
    void offTheOwnersSettingDecidesAsBefore() {
        MemoryKiosk k = box(0);
        k.press(OLIVIA_CODE + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        assertTrue(k.sendCodes().isEmpty());
    }

    @Test
    void aCodeShorterThanTheSettingAsksForTheSmsCodeAndAuditsWhy() {
        MemoryKiosk k = box(8);
        k.press(OLIVIA_CODE + "#");
        assertTrue(k.releases().isEmpty(), "no latch before the factor");
        assertEquals(1, k.sendCodes().size());

        k.press(k.lastCode() + "#");
        k.take(SLOT_4B);

        assertEquals(List.of(SLOT_4B), k.releases());
        assertEquals("SMS", k.last(AuditType.CODE_ACCEPTED).field("factor"));
        assertEquals("short_code", k.last(AuditType.CODE_ACCEPTED).field("reason"));
        assertEquals("SMS", k.last(AuditType.PICKUP).field("factor"));
        assertEquals("short_code", k.last(AuditType.PICKUP).field("reason"));
    }

    @Test
    void aTechnicianWithoutLogin2faStillGivesTheFactorForAShortCode() {
        KioskSettings d = KioskSettings.defaults(TestBox.BOX, 12);
        KioskSettings settings = d.withIdentify(new KioskSettings.Identify(d.identify().countryCode(), 8));
        MemoryKiosk k = new MemoryKiosk(settings, TestBox.cache().security(TestBox.TARA, false, true, true),
                new QueueCodes("318274"), LockoutState.CLEAR);
        k.press(TestBox.TARA_CODE + "#");
        assertEquals(1, k.sendCodes().size(), "the service menu (and its latch test) waits for the code");
        assertEquals(0, k.count(AuditType.SERVICE_LOGIN));
        k.press(k.lastCode() + "#");
        assertEquals(1, k.count(AuditType.SERVICE_LOGIN));
    }

    @Test
    void theMobileNumberAndLongEnoughCodesAreNotAffected() {
        MemoryKiosk byMobile = box(8);
        byMobile.press(OLIVIA_NATIONAL + "#");
        assertEquals(List.of(SLOT_4B), byMobile.releases());

        MemoryKiosk longEnough = box(6);
        longEnough.press(OLIVIA_CODE + "#");
        assertEquals(List.of(SLOT_4B), longEnough.releases());
        longEnough.take(SLOT_4B);
        assertNull(longEnough.last(AuditType.PICKUP).field("reason"));
    }
}
