package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.ACCESS_GUS;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.GUS_CODE;
import static org.smartbox.testing.TestBox.GUS_MOBILE;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.KEY_4B;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_CODE;
import static org.smartbox.testing.TestBox.OLIVIA_MOBILE;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.TestBox;

/**
 * SPEC §4 as a person at the box meets it: each row of the settings table, and rules 1-7. "Needs a
 * code" means: an SMS went to the right phone and no latch opened until that code was typed.
 */
class TwoFactorRulesTest {

    /** Identifies with {@code entry}, and tells whether the latch opened without any code. */
    private static boolean opensWithoutCode(MemoryKiosk k, String entry) {
        k.press(entry + "#");
        return !k.releases().isEmpty() && k.sendCodes().isEmpty();
    }

    /** Identifies with {@code entry}; asserts a code went to {@code mobile} and that only it opens the latch. */
    private static void needsCodeSentTo(MemoryKiosk k, String entry, String mobile, int slot) {
        k.press(entry + "#");
        assertTrue(k.releases().isEmpty(), "latch opened before the code");
        assertEquals(mobile, k.lastSms().mobile());
        k.press(k.lastCode() + "#");
        assertEquals(List.of(slot), k.releases());
        assertEquals("SMS", k.last(AuditType.CODE_ACCEPTED).field("factor"));
    }

    // ---- the table ----

    @Test
    void ownerNeedsCodeWhenKeyPickups2faIsOn() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(OLIVIA, false, true, false));
        needsCodeSentTo(k, OLIVIA_NATIONAL, OLIVIA_MOBILE, SLOT_4B);
        k.take(SLOT_4B);
        assertEquals("SMS", k.last(AuditType.PICKUP).field("factor"));
    }

    @Test
    void ownerWithKeyPickups2faOffPicksUpWithoutCode() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, false, true));
        assertTrue(opensWithoutCode(k, OLIVIA_NATIONAL));
        k.take(SLOT_4B);
        assertEquals("NONE", k.last(AuditType.PICKUP).field("factor"));
    }

    @Test
    void guestNeedsCodeWhenOwnerRequiresGuest2fa() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(OLIVIA, false, false, true));
        needsCodeSentTo(k, GUS_NATIONAL, GUS_MOBILE, SLOT_4B);
        k.take(SLOT_4B);
        AuditEvent pickup = k.last(AuditType.PICKUP);
        assertEquals(GUS, pickup.field("user"));
        assertEquals("SMS", pickup.field("factor"));
    }

    @Test
    void guestPicksUpWithoutCodeWhenOwnerTurnedGuest2faOff() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, true, false));
        assertTrue(opensWithoutCode(k, GUS_NATIONAL));
    }

    @Test
    void theGuestsOwnSettingsDoNotDecideForSomeoneElsesKey() {
        // Gus asks nothing of anyone; Olivia asks a code of her guests: Gus needs one.
        MemoryKiosk strict = TestBox.kiosk(TestBox.cache().security(GUS, false, false, false));
        needsCodeSentTo(strict, GUS_NATIONAL, GUS_MOBILE, SLOT_4B);
        // Gus asks everything; Olivia asks nothing of her guests: Gus needs none.
        MemoryKiosk lax = TestBox.kiosk(TestBox.cache().security(GUS, true, true, true).security(OLIVIA, true, true, false));
        assertTrue(opensWithoutCode(lax, GUS_NATIONAL));
    }

    @Test
    void login2faDoesNotBindPickups() {
        MemoryKiosk off = TestBox.kiosk(TestBox.cache().security(OLIVIA, false, true, true));
        needsCodeSentTo(off, OLIVIA_NATIONAL, OLIVIA_MOBILE, SLOT_4B);
        MemoryKiosk on = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, false, false));
        assertTrue(opensWithoutCode(on, OLIVIA_NATIONAL));
    }

    // ---- rule 1 ----

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void mobileAndAccountCodeAreTreatedTheSameForTheOwner(boolean keyPickups2fa) {
        MemoryKiosk byMobile = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, keyPickups2fa, true));
        MemoryKiosk byCode = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, keyPickups2fa, true));
        byMobile.press(OLIVIA_NATIONAL + "#");
        byCode.press(OLIVIA_CODE + "#");
        assertEquals(keyPickups2fa, !byMobile.sendCodes().isEmpty());
        assertEquals(keyPickups2fa, !byCode.sendCodes().isEmpty());
        assertEquals(byMobile.releases(), byCode.releases());
        assertEquals(byMobile.frame(), byCode.frame());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void mobileAndAccountCodeAreTreatedTheSameForAGuest(boolean guestPickups2fa) {
        MemoryKiosk byMobile = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, true, guestPickups2fa));
        MemoryKiosk byCode = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, true, guestPickups2fa));
        byMobile.press(GUS_NATIONAL + "#");
        byCode.press(GUS_CODE + "#");
        assertEquals(guestPickups2fa, !byMobile.sendCodes().isEmpty());
        assertEquals(guestPickups2fa, !byCode.sendCodes().isEmpty());
        assertEquals(byMobile.releases(), byCode.releases());
    }

    // ---- rule 2 ----

    @Test
    void settingsAreIndependentOwnerFreeGuestsChecked() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, true, false, true);
        MemoryKiosk k = TestBox.kiosk(cache);
        assertTrue(opensWithoutCode(k, OLIVIA_NATIONAL), "the owner picks up without a code");
        k.advance(31);
        MemoryKiosk.Mark m = k.mark();
        k.press(GUS_NATIONAL + "#");
        assertTrue(k.releasesSince(m).isEmpty(), "their guest needs one");
        assertEquals(GUS_MOBILE, k.lastSms().mobile());
    }

    @Test
    void settingsAreIndependentOwnerCheckedGuestsFree() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, true, true, false);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        assertTrue(k.releases().isEmpty());
        assertEquals(OLIVIA_MOBILE, k.lastSms().mobile());
        k.press("*");
        assertTrue(opensWithoutCode(TestBox.kiosk(TestBox.cache().security(OLIVIA, true, true, false)),
                GUS_NATIONAL));
    }

    // ---- rule 3 ----

    @Test
    void aUserRecordWithoutSecurityBlockCountsAsAllOn() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, null);
        MemoryKiosk k = TestBox.kiosk(cache);
        needsCodeSentTo(k, OLIVIA_NATIONAL, OLIVIA_MOBILE, SLOT_4B);
        MemoryKiosk guest = TestBox.kiosk(TestBox.cache().security(OLIVIA, null));
        needsCodeSentTo(guest, GUS_NATIONAL, GUS_MOBILE, SLOT_4B);
    }

    @Test
    void anOwnerTheCacheDoesNotKnowCountsAsAllOn() {
        MemoryRecords cache = TestBox.cache().security(GUS, false, false, false)
                .key("k-ghost", "u-ghost", "Ghost flat", 8)
                .access("a-ghost", "k-ghost", GUS, MemoryKiosk.START.minusSeconds(1), MemoryKiosk.START.plusSeconds(3600), null)
                .revoke(ACCESS_GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        needsCodeSentTo(k, GUS_NATIONAL, GUS_MOBILE, 8);
    }

    // ---- rule 4 ----

    @Test
    void theCodeGoesToTheGuestsOwnMobileNeverTheOwners() {
        MemoryKiosk k = TestBox.kiosk();
        k.press(GUS_NATIONAL + "#");
        Effect.SendCode send = k.sendCodes().get(0);
        assertEquals(GUS, send.userId());
        assertEquals(GUS_MOBILE, send.mobile());
        AuditEvent sent = k.last(AuditType.CODE_SENT);
        assertEquals(GUS, sent.field("user"));
        assertEquals("***0042", sent.field("to"));
        assertTrue(k.shows("***0042"));
    }

    @Test
    void aMasterAccountCodeSendsTheCodeToTheOwnersPhone() {
        // Someone at the box types Olivia's account code; the code reaches Olivia's phone, not them.
        MemoryKiosk k = TestBox.kiosk();
        k.press(OLIVIA_CODE + "#");
        Effect.SendCode send = k.sendCodes().get(0);
        assertEquals(OLIVIA, send.userId());
        assertEquals(OLIVIA_MOBILE, send.mobile());
        assertEquals("***0041", k.last(AuditType.CODE_SENT).field("to"));
        // Without Olivia's phone there is nothing to type: guesses open nothing.
        k.press("000000#111111#222222#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void aMasterAccountCodeWorksOnlyWhileKeyPickups2faIsOff() {
        MemoryKiosk k = TestBox.kiosk(TestBox.cache().security(OLIVIA, true, false, true));
        assertTrue(opensWithoutCode(k, OLIVIA_CODE));
    }

    // ---- rule 5 ----

    @Test
    void noMobileOnFileDeniesThePickup() {
        MemoryRecords cache = TestBox.cache().mobile(GUS, null);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_CODE + "#");
        AuditEvent denied = k.last(AuditType.DENIED);
        assertEquals("no_mobile", denied.field("reason"));
        assertEquals(GUS, denied.field("user"));
        assertTrue(k.shows("No mobile"), k.display());
        assertTrue(k.releases().isEmpty());
        assertTrue(k.sendCodes().isEmpty());
        k.advance(120);
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void anSmsThatCannotBeSentDeniesThePickup() {
        MemoryKiosk k = TestBox.kiosk();
        k.smsFails(true);
        k.press(GUS_NATIONAL + "#");
        AuditEvent denied = k.last(AuditType.DENIED);
        assertEquals("sms_failed", denied.field("reason"));
        assertTrue(k.shows("cannot be sent"), k.display());
        assertTrue(k.releases().isEmpty());
        // The code that was made but never delivered opens nothing either.
        k.press(k.codes().issued().get(0) + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void deniedFactorStillLeavesWhatNeedsNoFactor() {
        // Olivia cannot get a code, but her return needs none.
        MemoryRecords cache = TestBox.cache().mobile(OLIVIA, null)
                .keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_CODE + "#");
        assertEquals("no_mobile", k.last(AuditType.DENIED).field("reason"));
        // The denial is shown first (issue 14.9), with the one thing still possible under it.
        assertEquals("No mobile on file   |1 Return Unit 9     |                    |Key no., then #     ",
                k.frame().joined());
        assertTrue(k.releases().isEmpty(), "nothing opens before she chooses");
        k.press("1#");
        assertEquals(List.of(9), k.releases(), "only the return is offered");
        assertTrue(k.shows("Put key in slot 9"));
    }

    // ---- rule 6 ----

    @Test
    void returnsNeverNeedASecondFactor() {
        MemoryRecords cache = TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS).revoke(ACCESS_GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "##");
        assertTrue(k.sendCodes().isEmpty());
        assertEquals(List.of(9), k.releases());
        k.put(9);
        assertEquals(GUS, k.last(AuditType.RETURN).field("user"));
    }

    @Test
    void returnsNeedNoFactorEvenWhenTheSmsGatewayIsDown() {
        MemoryRecords cache = TestBox.cache().keyOutWith("k-9", OLIVIA, "Unit 9", 9, OLIVIA);
        cache.sensor(SLOT_4B, false);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.smsFails(true);
        k.press(OLIVIA_NATIONAL + "#");
        assertTrue(k.sendCodes().isEmpty());
        assertEquals(0, k.count(AuditType.DENIED));
        assertTrue(k.display().contains("2 Return Unit 9"), k.display());
    }

    // ---- rule 7 ----

    /** Gus may pick up two of Olivia's keys; Olivia asks no code of her guests, for now. */
    private static MemoryRecords gusWithTwoKeys() {
        return TestBox.cache().security(OLIVIA, true, true, false)
                .key("k-5c", OLIVIA, "Unit 5C", 5)
                .access("a-5c", "k-5c", GUS, MemoryKiosk.START.minusSeconds(60), MemoryKiosk.START.plus(Duration.ofDays(1)), null);
    }

    @Test
    void guest2faTurnedOnMidSessionAppliesBeforeTheLatchOpens() {
        MemoryRecords cache = gusWithTwoKeys();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        assertTrue(k.display().contains("Unit 4B"), "no code asked: the list shows at once");
        cache.security(OLIVIA, true, true, true);
        k.press("1#");
        assertTrue(k.releases().isEmpty(), "the new setting applies to this decision");
        assertEquals(GUS_MOBILE, k.lastSms().mobile());
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        k.take(SLOT_4B);
        assertEquals("SMS", k.last(AuditType.PICKUP).field("factor"));
    }

    @Test
    void guest2faTurnedOffMidSessionAppliesToo() {
        MemoryRecords cache = gusWithTwoKeys().security(OLIVIA, true, true, true);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        cache.security(OLIVIA, true, true, false);
        k.press(k.lastCode() + "#");
        k.press("2#");
        assertEquals(List.of(5), k.releases());
    }

    @Test
    void accessRevokedMidSessionOpensNoLatch() {
        MemoryRecords cache = gusWithTwoKeys();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        cache.revoke(ACCESS_GUS);
        k.press("1#");
        assertTrue(k.releases().isEmpty());
        AuditEvent denied = k.last(AuditType.DENIED);
        assertEquals(GUS, denied.field("user"));
        assertEquals(KEY_4B, denied.field("key"));
        assertTrue(k.shows("not available"), k.display());
    }

    @Test
    void accessRevokedWhileTheCodeIsTypedOpensNoLatch() {
        MemoryRecords cache = TestBox.cache();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        cache.revoke(ACCESS_GUS);
        k.press(k.lastCode() + "#");
        assertTrue(k.releases().isEmpty());
        assertFalse(k.display().contains("Unit 4B"));
    }

    @Test
    void accessThatRunsOutWhileTheCodeIsTypedOpensNoLatch() {
        MemoryRecords cache = TestBox.cache().revoke(ACCESS_GUS)
                .access("a-brief", KEY_4B, GUS, MemoryKiosk.START.minusSeconds(60), MemoryKiosk.START.plusSeconds(100), null);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        k.advance(100);
        k.press(k.lastCode() + "#");
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void keyTakenOutOfReachMidSessionOpensNoLatch() {
        MemoryRecords cache = gusWithTwoKeys();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        cache.deleteKey(KEY_4B);
        k.press("1#");
        assertTrue(k.releases().isEmpty());
        assertEquals("not_available", k.last(AuditType.DENIED).field("reason"));
    }

    @Test
    void theMachineReadsTheOwnerAtEachDecisionNotAtIdentification() {
        // Olivia's record disappears from the cache mid-session: unknown owner counts as all ON.
        MemoryRecords cache = gusWithTwoKeys();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        cache.removeUser(OLIVIA);
        k.press("2#");
        assertTrue(k.releases().isEmpty());
        assertEquals(GUS, k.lastSms().userId());
    }

    @Test
    void aUserKnownAtIdentificationButGoneBeforeTheChoiceGetsNothing() {
        MemoryRecords cache = gusWithTwoKeys();
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        cache.removeUser(GUS);
        k.press("1#");
        assertTrue(k.releases().isEmpty());
        assertEquals(List.of(), k.sendCodes().stream().map(Effect.SendCode::userId).toList());
    }
}
