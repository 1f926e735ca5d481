package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.TARA;
import static org.smartbox.testing.TestBox.TARA_CODE;
import static org.smartbox.testing.TestBox.TARA_MOBILE;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.cache.HealthCheck;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/** SPEC §7: the technician's login and service menu; every action audited. */
class ServiceMenuTest {

    /** Tara with login2fa OFF, already in the service menu. */
    private static MemoryKiosk inMenu() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(TARA, false, true, true));
        k.press(TARA_NATIONAL + "#");
        assertTrue(k.shows("Service *=exit Tara"), k.display());
        return k;
    }

    private static AuditEvent lastDiag(MemoryKiosk k) {
        return k.last(AuditType.DIAG);
    }

    @Test
    void login2faOnSendsAnSmsCodeToTheTechnicianFirst() {
        MemoryKiosk k = TestBox.kiosk();
        k.press(TARA_NATIONAL + "#");
        assertEquals(TARA_MOBILE, k.lastSms().mobile());
        assertEquals(TARA, k.lastSms().userId());
        assertFalse(k.shows("Service"), "no menu before the code: " + k.display());
        k.press("1");
        assertFalse(k.shows("Latch test"));
        k.press("*");
        k.press(k.lastCode() + "#");
        assertTrue(k.shows("Service *=exit Tara"), k.display());
        AuditEvent login = k.last(AuditType.SERVICE_LOGIN);
        assertEquals(TARA, login.field("user"));
        assertEquals("SMS", login.field("factor"));
    }

    @Test
    void login2faOffGoesStraightToTheMenu() {
        MemoryKiosk k = inMenu();
        assertTrue(k.sendCodes().isEmpty());
        assertEquals("NONE", k.last(AuditType.SERVICE_LOGIN).field("factor"));
    }

    @Test
    void theTechniciansOwnLogin2faDecidesNotAnyOwners() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(OLIVIA, false, false, false));
        k.press(TARA_CODE + "#");
        assertEquals(TARA_MOBILE, k.lastSms().mobile());
    }

    @Test
    void wrongCodesFailTheServiceLogin() {
        MemoryKiosk k = TestBox.kiosk();
        k.press(TARA_NATIONAL + "#");
        k.press("000001#");
        assertEquals("Wrong code, 2 left", k.frame().line(3).strip(), k.display());
        k.press("000002#000003#");
        AuditEvent failed = k.last(AuditType.SERVICE_LOGIN_FAILED);
        assertEquals(TARA, failed.field("user"));
        assertEquals("wrong_codes", failed.field("reason"));
        assertEquals(0, k.count(AuditType.SERVICE_LOGIN));
        assertFalse(k.shows("Service"));
        k.press(k.lastCode() + "#");
        assertEquals(0, k.count(AuditType.SERVICE_LOGIN));
    }

    @Test
    void aTechnicianWithoutMobileCannotLogInWhileLogin2faIsOn() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().mobile(TARA, null));
        k.press(TARA_CODE + "#");
        assertEquals("no_mobile", k.last(AuditType.SERVICE_LOGIN_FAILED).field("reason"));
        assertFalse(k.shows("Service"));
    }

    @Test
    void anSmsFailureFailsTheServiceLogin() {
        MemoryKiosk k = TestBox.kiosk().smsFails(true);
        k.press(TARA_NATIONAL + "#");
        assertEquals("sms_failed", k.last(AuditType.SERVICE_LOGIN_FAILED).field("reason"));
        assertFalse(k.shows("Service"));
    }

    @Test
    void anExpiredServiceCodeFailsTheLogin() {
        MemoryKiosk k = TestBox.kiosk();
        k.press(TARA_NATIONAL + "#");
        k.advance(300);
        assertEquals("timeout", k.last(AuditType.SERVICE_LOGIN_FAILED).field("reason"));
    }

    @Test
    void latchTestReleasesTheSlotAndHoldsItAgainAfterThePulse() {
        MemoryKiosk k = inMenu();
        k.press("1");
        assertTrue(k.shows("Latch test"));
        k.press("12#");
        assertEquals(List.of(12), k.releases());
        assertEquals(java.util.Set.of(12), k.openLatches());
        assertTrue(k.shows("Before: empty"), k.display());
        k.advance(1);
        assertTrue(k.openLatches().isEmpty());
        assertEquals(List.of(12), k.holds());
        AuditEvent diag = lastDiag(k);
        assertEquals(TARA, diag.field("user"));
        assertEquals("latch_test", diag.field("action"));
        assertEquals("12", diag.field("slot"));
        assertEquals("empty", diag.field("before"));
        assertEquals("empty", diag.field("after"));
        assertTrue(k.shows("After: empty"), k.display());
    }

    @Test
    void latchTestReportsAKeyPutInDuringThePulseAsTamperByTheTechnician() {
        MemoryKiosk k = inMenu();
        k.press("112#");
        k.put(12);
        AuditEvent tamper = k.last(AuditType.TAMPER);
        assertEquals(TARA, tamper.field("user"));
        assertEquals("inserted", tamper.field("change"));
        k.advance(1);
        AuditEvent diag = lastDiag(k);
        assertEquals("empty", diag.field("before"));
        assertEquals("key_in", diag.field("after"));
        assertTrue(k.shows("After: key in"), k.display());
    }

    @Test
    void latchTestOfAnEmptySlotReportsEmpty() {
        MemoryKiosk k = inMenu();
        k.press("112#");
        k.advance(1);
        assertEquals("empty", lastDiag(k).field("before"));
        assertEquals("12", lastDiag(k).field("slot"));
    }

    @Test
    void latchTestRefusesASlotThatDoesNotExist() {
        MemoryKiosk k = inMenu();
        k.press("113#");
        assertTrue(k.shows("No slot 13"), k.display());
        k.press("0#");
        assertTrue(k.shows("No slot 0"), k.display());
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void keysAreIgnoredWhileTheTestLatchIsOpen() {
        MemoryKiosk k = inMenu();
        k.press("112#");
        k.press("*4#1");
        k.advance(1);
        assertEquals(List.of(12), k.releases());
        assertEquals(1, k.mostOpenAtOnce());
    }

    @Test
    void checksScreenShowsOneCheckPerPageAndIsAudited() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(TARA, false, true, true));
        k.cache().checks.add(new HealthCheck("database", "ok", "integrity ok", ""));
        k.cache().checks.add(new HealthCheck("disk", "fail", "5 MB free", "free space now"));
        k.press(TARA_NATIONAL + "#");
        k.press("6");
        assertEquals("checks", lastDiag(k).field("action"));
        assertTrue(k.shows("database: OK 1/2") && k.shows("integrity ok"), k.display());
        k.press("#");
        assertTrue(k.shows("disk: FAIL 2/2") && k.shows("5 MB free") && k.shows("free space now"), k.display());
        k.press("*");
        assertTrue(k.shows("6 Checks"), k.display());
    }

    /** Issue 19: "device-config/simula" and "no temperature senso" were cut at 20 characters. */
    @Test
    void longValuesAndHintsWrapOntoTheNextLinesAndEveryPageSaysHowToGoBack() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(TARA, false, true, true));
        k.cache().checks.add(new HealthCheck("cpu", "ok", "no temperature sensor (not a Pi?)", ""));
        k.cache().checks.add(new HealthCheck("config", "warn", "latch.mode=simulated",
                "set hardware in device-config/smartbox.properties"));
        k.press(TARA_NATIONAL + "#");
        k.press("6");
        List<String> pages = new java.util.ArrayList<>();
        for (int page = 0; page < 4; page++) {
            pages.add(k.display());
            assertTrue(k.frame().line(3).contains("*=back"), "page " + (page + 1) + " says how to go back: "
                    + k.display());
            k.press("#");
        }
        String all = String.join("\n", pages);
        assertEquals("cpu: OK 1/3         |no temperature      |sensor (not a Pi?)  |#=more  *=back      ", pages.get(0));
        assertEquals("config: WARN 2/3    |latch.mode=simulated|set hardware in     |#=more  *=back      ", pages.get(1));
        assertEquals("config: WARN 3/3    |device-config/      |smartbox.properties |#=more  *=back      ", pages.get(2));
        assertEquals(pages.get(0), pages.get(3), "the pages come round again");
        assertFalse(all.contains("device-config/simula"), all);
    }

    @Test
    void theLatchTestResultAndTheStatusPagesSayHowToGoBack() {
        MemoryKiosk k = inMenu();
        k.press("15#");
        k.advance(1);
        assertEquals(List.of("Latch test slot 5", "Before: empty", "After: empty", "*=back"),
                k.frame().lines().stream().map(String::strip).toList());
        k.press("*3");
        assertTrue(k.frame().line(3).contains("*=back"), k.display());
    }

    @Test
    void sensorsScreenShowsEverySlotAndIsAudited() {
        MemoryKiosk k = inMenu();
        k.press("2");
        assertEquals("sensors", lastDiag(k).field("action"));
        assertTrue(k.display().contains("03K"), k.display());
        assertTrue(k.display().contains("01-"), k.display());
        k.press("#");
        assertTrue(k.display().contains("12-"), k.display());
        k.press("*");
        assertTrue(k.shows("Service *=exit Tara"));
    }

    @Test
    void statusScreenIsAudited() {
        MemoryKiosk k = inMenu();
        k.press("3");
        assertEquals("status", lastDiag(k).field("action"));
        assertTrue(k.display().contains("Version test"), k.display());
        assertTrue(k.display().contains("Box SB-TEST"), k.display());
        k.press("#");
        assertTrue(k.display().contains("Cache v7"), k.display());
    }

    @Test
    void keypadTestEchoesKeysAndIsAudited() {
        MemoryKiosk k = inMenu();
        k.press("4");
        assertEquals("keypad_test", lastDiag(k).field("action"));
        k.press("7");
        assertTrue(k.shows("Last key: 7"), k.display());
        k.press("D");
        assertTrue(k.shows("Last key: D"), k.display());
        k.press("**");
        assertEquals("keypad_test_done", lastDiag(k).field("action"));
        assertTrue(k.shows("Service *=exit Tara"));
    }

    @Test
    void displayTestShowsThePatternAndIsAudited() {
        MemoryKiosk k = inMenu();
        k.press("5");
        assertEquals("display_test", lastDiag(k).field("action"));
        assertEquals("ABCDEFGHIJKLMNOPQRST", k.frame().line(0));
        assertEquals("abcdefghijklmnopqrst", k.frame().line(1));
        k.press("9");
        assertTrue(k.shows("Service *=exit Tara"));
    }

    @Test
    void exitIsAuditedAndReturnsHome() {
        MemoryKiosk k = inMenu();
        k.press("*");
        assertEquals("exit", lastDiag(k).field("action"));
        assertTrue(k.shows("Service ended"), k.display());
        k.press("1");
        assertFalse(k.shows("Latch"));
    }

    @Test
    void everyServiceActionIsAuditedAsDiag() {
        MemoryKiosk k = inMenu();
        k.press("13#");
        k.advance(1);
        k.press("*2*3*4**5#0");
        List<String> actions = k.audits(AuditType.DIAG).stream().map(a -> a.field("action")).toList();
        assertEquals(List.of("latch_test", "sensors", "status", "keypad_test", "keypad_test_done", "display_test",
                "exit"), actions);
        k.audits(AuditType.DIAG).forEach(a -> assertEquals(TARA, a.field("user")));
    }
}
