package org.smartbox.pickup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.GUS;
import static org.smartbox.testing.TestBox.GUS_NATIONAL;
import static org.smartbox.testing.TestBox.KEY_4B;
import static org.smartbox.testing.TestBox.LABEL_4B;
import static org.smartbox.testing.TestBox.OLIVIA;
import static org.smartbox.testing.TestBox.OLIVIA_CODE;
import static org.smartbox.testing.TestBox.OLIVIA_NATIONAL;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.STRANGER_NATIONAL;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.auth.LockoutState;
import org.smartbox.cache.SecuritySettings;
import org.smartbox.cache.User;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.MemoryRecords;
import org.smartbox.testing.QueueCodes;
import org.smartbox.testing.TestBox;

/** SPEC §3: how the entry at the home screen becomes a person, and what they are offered. */
class IdentificationTest {

    private static final SecuritySettings ALL_OFF = new SecuritySettings(false, false, false);

    /** Olivia asks for no code on her own pickups, so identifying her opens her latch at once. */
    private static MemoryKiosk oliviaWithoutCode() {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, ALL_OFF);
        return TestBox.kiosk(cache);
    }

    @Test
    void tenDigitsGetTheCountryCodePrefix() {
        MemoryKiosk k = oliviaWithoutCode();
        k.press(OLIVIA_NATIONAL + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        assertTrue(k.shows("Take key from slot 3"));
    }

    @Test
    void countryCodeIsTheBoxSetting() {
        KioskSettings d = KioskSettings.defaults("SB-UK", 12);
        KioskSettings uk = d.withIdentify(new KioskSettings.Identify("44", 0));
        MemoryRecords cache = new MemoryRecords("SB-UK")
                .user(new User("u-uk", "Ukko", "+447700900123", false, ALL_OFF, false))
                .key("k-1", "u-uk", "Flat 1", 1);
        MemoryKiosk k = new MemoryKiosk(uk, cache, new QueueCodes(), LockoutState.CLEAR);
        k.press("7700900123#");
        assertEquals(List.of(1), k.releases());
    }

    @Test
    void aMobileTwoUsersShareAsksForTheAccountCodeWithoutCountingAFailure() {
        // Gus's number is Olivia's too (a family phone): it says neither of them.
        MemoryRecords cache = TestBox.cache().security(OLIVIA, ALL_OFF).mobile(GUS, TestBox.OLIVIA_MOBILE);
        MemoryKiosk k = TestBox.kiosk(cache);
        for (int i = 0; i < 8; i++) {
            k.press(OLIVIA_NATIONAL + "#");
            assertTrue(k.shows("Enter account code"), k.display());
        }
        assertEquals(0, k.count(AuditType.LOCKOUT), "the right number is no failed guess");
        assertTrue(k.releases().isEmpty());
        assertEquals("IDENTIFY_FAILED entry=mobile reason=shared_mobile", k.last(AuditType.IDENTIFY_FAILED).line());
        k.press(OLIVIA_CODE + "#");
        assertEquals(List.of(SLOT_4B), k.releases(), "her account code says who she is");
    }

    @Test
    void aKeyInASlotTheBoxDoesNotHaveIsNeitherOfferedNorOpened() {
        // box.slots lowered to 8 under a cache that still puts Unit 12 in slot 12 (issue 14.3).
        MemoryRecords cache = TestBox.cache().security(OLIVIA, ALL_OFF).key("k-12", OLIVIA, "Unit 12", 12);
        KioskSettings eight = KioskSettings.defaults(TestBox.BOX, 8);
        MemoryKiosk k = new MemoryKiosk(eight, cache, new QueueCodes(), LockoutState.CLEAR);
        k.press(OLIVIA_NATIONAL + "#");
        assertEquals(List.of(SLOT_4B), k.releases(), "her one key on this box opens at once");
        assertFalse(k.frames().stream().anyMatch(f -> f.joined().contains("Unit 12")), "Unit 12 never listed");
    }

    @Test
    void elevenDigitsAreAFullInternationalNumber() {
        MemoryKiosk k = oliviaWithoutCode();
        k.press("1" + OLIVIA_NATIONAL + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void fifteenDigitsAreAFullInternationalNumber() {
        MemoryRecords cache = new MemoryRecords("SB-TEST")
                .user(new User("u-long", "Long", "+491701234567890", false, ALL_OFF, false))
                .key("k-1", "u-long", "Flat 1", 1);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press("491701234567890#");
        assertEquals(List.of(1), k.releases());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4815", "48151", "481516", "4815162", "48151623", "481516234"})
    void fourToNineDigitsAreAnAccountCode(String code) {
        MemoryRecords cache = TestBox.cache().security(OLIVIA, ALL_OFF).accountCode(OLIVIA, code);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(code + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "12", "555", "1555731004155555", "15557310041555555"})
    void anythingElseIsAnInvalidEntryNothingLookedUpNothingCounted(String digits) {
        MemoryRecords cache = TestBox.cache();
        // Were an over-long entry cut to 15 digits, this user would be found by it.
        cache.user(new User("u-15", "Fifteen", "+155573100415555", false, ALL_OFF, false))
                .key("k-15", "u-15", "Flat 15", 9);
        MemoryKiosk k = TestBox.kiosk(cache);
        for (int i = 0; i < 7; i++) {
            k.press(digits + "#");
            assertTrue(k.shows("Invalid entry"), k.display());
        }
        assertEquals(0, cache.identityLookups());
        assertEquals(0, k.count(AuditType.IDENTIFY_FAILED));
        assertEquals(0, k.count(AuditType.LOCKOUT));
        assertNull(k.savedLockout(), "an invalid entry must not touch the failure count");
        assertTrue(k.releases().isEmpty());
        // Four real failures after seven invalid entries still do not lock.
        for (int i = 0; i < 4; i++) {
            k.press(STRANGER_NATIONAL + "#");
        }
        assertFalse(k.shows("locked"));
    }

    @Test
    void starDeletesTheLastDigit() {
        MemoryKiosk k = oliviaWithoutCode();
        k.press(OLIVIA_NATIONAL + "9*#");
        assertEquals(List.of(SLOT_4B), k.releases());
    }

    @Test
    void starOnAnEmptyEntryCancelsBackHome() {
        MemoryKiosk k = TestBox.kiosk();
        Frame home = k.frame();
        k.press("55");
        assertFalse(k.frame().equals(home));
        k.press("**");
        assertEquals(home, k.frame());
        k.press("*");
        assertEquals(home, k.frame());
        k.press("#");
        assertEquals(home, k.frame());
        assertEquals(0, k.cache().identityLookups());
    }

    @Test
    void unknownUserAndNothingToDoLookTheSameOnTheDisplay() {
        MemoryRecords cache = TestBox.cache().user("u-nina", "+15557310077").accountCode("u-nina", "5150");
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(STRANGER_NATIONAL + "#");
        Frame unknown = k.frame();
        AuditEvent first = k.last(AuditType.IDENTIFY_FAILED);
        k.advance(61);
        k.press("5557310077#");
        Frame nothingToDo = k.frame();
        AuditEvent second = k.last(AuditType.IDENTIFY_FAILED);

        // The same words; only the tries left before the keypad locks go down (SPEC §6: 5 failures).
        assertEquals(List.of("Not found or no keys", "4 tries left"), List.of(unknown.line(1).strip(),
                unknown.line(2).strip()), k.display());
        assertEquals(List.of("Not found or no keys", "3 tries left"), List.of(nothingToDo.line(1).strip(),
                nothingToDo.line(2).strip()), k.display());
        assertEquals(2, k.count(AuditType.IDENTIFY_FAILED));
        assertNull(first.field("user"));
        assertEquals("u-nina", second.field("user"));
        assertEquals(2, k.savedLockout().failures(), "both count as failures");
        // Same for account codes.
        k.press("5150#");
        assertEquals("2 tries left", k.frame().line(2).strip());
        Frame byCode = k.frame();
        k.press("5151#");
        assertEquals(byCode.line(1), k.frame().line(1));
        assertEquals("1 try left", k.frame().line(2).strip());
        assertEquals(4, k.count(AuditType.IDENTIFY_FAILED));
    }

    @Test
    void pickupCandidatesNeedTheKeySensorToReadPresent() {
        MemoryRecords cache = TestBox.cache();
        cache.sensor(SLOT_4B, false);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        assertEquals("nothing_to_do", k.last(AuditType.IDENTIFY_FAILED).field("reason"));
        assertTrue(k.sms().isEmpty());
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void ownerOfAKeyNotInTheBoxIsOfferedItsReturnNotAPickup() {
        MemoryRecords cache = TestBox.cache();
        cache.sensor(SLOT_4B, false);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        assertTrue(k.sms().isEmpty(), "a return needs no code");
        // Issue 19: she came for her key, it is out: she sees the return before any latch moves.
        assertEquals(List.of(), k.releases(), "no latch before the return is confirmed");
        assertEquals(List.of("Return Unit 4B", "Key not in the box", "# opens slot 3", "*=cancel"),
                k.frame().lines().stream().map(String::strip).toList());
        k.press("#");
        assertEquals(List.of(SLOT_4B), k.releases());
        assertTrue(k.shows("Put key in slot 3"), k.display());
    }

    @Test
    void keyOutAndHeldByTheUserIsOfferedForReturn() {
        MemoryRecords cache = new MemoryRecords("SB-TEST")
                .user(OLIVIA, "+15557310041").user(GUS, "+15557310042")
                .keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        assertTrue(k.shows("Return Unit 9"), k.display());
        k.press("#");
        assertEquals(List.of(9), k.releases());
        assertTrue(k.shows("Put key in slot 9"));
        k.put(9);
        AuditEvent ret = k.last(AuditType.RETURN);
        assertEquals(GUS, ret.field("user"));
        assertEquals("k-9", ret.field("key"));
    }

    @Test
    void keyOutWithSomeoneElseIsNotTheirsToReturn() {
        MemoryRecords cache = new MemoryRecords("SB-TEST")
                .user(OLIVIA, "+15557310041").user(GUS, "+15557310042").user("u-ian", "+15557310055")
                .keyOutWith("k-9", OLIVIA, "Unit 9", 9, "u-ian");
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        assertEquals("nothing_to_do", k.last(AuditType.IDENTIFY_FAILED).field("reason"));
        assertTrue(k.releases().isEmpty());
    }

    @Test
    void ownerMayReturnTheirKeyWhoeverHoldsIt() {
        MemoryRecords cache = new MemoryRecords("SB-TEST")
                .user(OLIVIA, "+15557310041").user(GUS, "+15557310042")
                .keyOutWith("k-9", OLIVIA, "Unit 9", 9, GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        assertTrue(k.releases().isEmpty(), k.display());
        k.press("*");
        assertTrue(k.shows("Cancelled"), "* on the return's confirmation cancels: " + k.display());
        assertTrue(k.releases().isEmpty());
        k.press(OLIVIA_NATIONAL + "#1#");
        assertEquals(List.of(9), k.releases(), "1# (its number in the list) confirms too");
        assertTrue(k.shows("Put key in slot 9"));
    }

    @Test
    void returnIsStillOfferedAfterTheAccessExpired() {
        MemoryRecords cache = TestBox.cache()
                .access("a-short", KEY_4B, GUS, MemoryKiosk.START, MemoryKiosk.START.plus(Duration.ofMinutes(10)), null)
                .revoke(TestBox.ACCESS_GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(GUS_NATIONAL + "#");
        k.press(k.lastCode() + "#");
        k.take(SLOT_4B);
        assertEquals(GUS, k.last(AuditType.PICKUP).field("user"));

        k.advance(3600);
        assertFalse(cache.access("a-short").orElseThrow().usableAt(k.wall()));
        int smsBefore = k.sms().size();
        k.press(GUS_NATIONAL + "##");
        assertEquals(smsBefore, k.sms().size(), "returns never need a code");
        assertEquals(List.of(SLOT_4B, SLOT_4B), k.releases());
        k.put(SLOT_4B);
        assertEquals(GUS, k.last(AuditType.RETURN).field("user"));
    }

    @Test
    void technicianGoesToServiceLoginInsteadOfKeys() {
        MemoryRecords cache = TestBox.cache().security(TestBox.TARA, ALL_OFF)
                .key("k-t", TestBox.TARA, "Tara's van", 6);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(TARA_NATIONAL + "#");
        assertTrue(k.shows("Service *=exit Tara"), k.display());
        assertTrue(k.releases().isEmpty());
        assertEquals(TestBox.TARA, k.last(AuditType.SERVICE_LOGIN).field("user"));
        assertFalse(k.display().contains("van"));
    }

    @Test
    void secondFactorComesBeforeAnyKeyLabelIsShown() {
        MemoryRecords cache = TestBox.cache()
                .key("k-2", OLIVIA, "Garage Alpha", 2)
                .key("k-7", OLIVIA, "Cellar Bravo", 7)
                .keyOutWith("k-8", OLIVIA, "Attic Charlie", 8, GUS)
                // Only one of four candidates needs a factor: that is enough.
                .security(OLIVIA, true, false, true)
                .key("k-g", "u-guest-owner", "Gate Delta", 10)
                .access("a-g", "k-g", OLIVIA, MemoryKiosk.START.minusSeconds(60), MemoryKiosk.START.plusSeconds(86400), null);
        MemoryKiosk k = TestBox.kiosk(cache);
        MemoryKiosk.Mark start = k.mark();
        k.press(OLIVIA_NATIONAL + "#");
        k.press("12345#");
        k.press("9*");
        List<String> labels = List.of(LABEL_4B, "Garage", "Cellar", "Attic", "Gate");
        for (Frame f : k.framesSince(start)) {
            for (String label : labels) {
                assertFalse(f.joined().contains(label), "label before the code: " + f.joined());
            }
        }
        k.press(k.lastCode() + "#");
        assertTrue(k.display().contains("Garage Alpha"), k.display());
    }

    @Test
    void oneCandidateProceedsAtOnce() {
        MemoryKiosk k = TestBox.kiosk();
        k.press(GUS_NATIONAL + "#");
        assertTrue(k.releases().isEmpty());
        k.press(k.lastCode() + "#");
        assertEquals(List.of(SLOT_4B), k.releases());
        assertTrue(k.shows("Take key from slot 3"));
        assertTrue(k.shows(LABEL_4B));
    }

    /** Olivia, asking no code of herself, with keys added out of slot order. */
    private static MemoryKiosk oliviaWithKeysInSlots(int... slots) {
        MemoryRecords cache = new MemoryRecords("SB-TEST").user(OLIVIA, "+15557310041").security(OLIVIA, ALL_OFF);
        for (int slot : slots) {
            cache.key("k-" + slot, OLIVIA, "Unit " + slot, slot);
        }
        return TestBox.kiosk(cache);
    }

    @Test
    void severalCandidatesAreANumberedListInAscendingSlotOrder() {
        MemoryKiosk k = oliviaWithKeysInSlots(9, 2, 5);
        k.press(OLIVIA_NATIONAL + "#");
        assertTrue(k.releases().isEmpty());
        assertEquals("1 Unit 2", k.frame().line(1).strip());
        assertEquals("2 Unit 5", k.frame().line(2).strip());
        assertEquals("3 Unit 9", k.frame().line(3).strip());
        k.press("2#");
        assertEquals(List.of(5), k.releases());
    }

    @Test
    void hashOnAnEmptyItemNumberShowsTheNextPage() {
        MemoryKiosk k = oliviaWithKeysInSlots(1, 2, 4, 6, 11);
        k.press(OLIVIA_NATIONAL + "#");
        assertTrue(k.display().contains("1 Unit 1"));
        assertFalse(k.display().contains("Unit 6"));
        k.press("#");
        assertEquals("4 Unit 6", k.frame().line(1).strip());
        assertEquals("5 Unit 11", k.frame().line(2).strip());
        assertFalse(k.display().contains("Unit 1 "));
        k.press("#");
        assertEquals("1 Unit 1", k.frame().line(1).strip(), "the pages wrap around");
        // Numbers are for the whole list, not the page.
        k.press("5#");
        assertEquals(List.of(11), k.releases());
    }

    @Test
    void returnItemsAreMarkedAsReturns() {
        MemoryRecords cache = new MemoryRecords("SB-TEST").user(OLIVIA, "+15557310041").user(GUS, "+15557310042")
                .security(OLIVIA, ALL_OFF)
                .key("k-2", OLIVIA, "Unit 2", 2)
                .keyOutWith("k-4", OLIVIA, "Unit 4", 4, GUS);
        MemoryKiosk k = TestBox.kiosk(cache);
        k.press(OLIVIA_NATIONAL + "#");
        assertEquals("1 Unit 2", k.frame().line(1).strip());
        assertEquals("2 Return Unit 4", k.frame().line(2).strip());
        k.press("2#");
        assertEquals(List.of(4), k.releases());
        assertTrue(k.shows("Put key in slot 4"));
    }

    @Test
    void anItemNumberOutOfRangeIsRefused() {
        MemoryKiosk k = oliviaWithKeysInSlots(2, 5, 9);
        k.press(OLIVIA_NATIONAL + "#");
        k.press("4#");
        assertTrue(k.shows("No item 4"), k.display());
        k.press("0#");
        assertTrue(k.shows("No item 0"), k.display());
        assertTrue(k.releases().isEmpty());
        assertEquals(0, k.count(AuditType.IDENTIFY_FAILED));
        k.press("3#");
        assertEquals(List.of(9), k.releases());
    }

    @Test
    void starOnAnEmptyItemNumberCancels() {
        MemoryKiosk k = oliviaWithKeysInSlots(2, 5);
        k.press(OLIVIA_NATIONAL + "#");
        k.press("*");
        assertTrue(k.shows("Cancelled"));
        k.press("1#");
        assertTrue(k.releases().isEmpty(), "the list is gone: 1# is a (too short) entry at home");
    }

    @Test
    void identifiedByAccountCodeTheOwnerIsOfferedTheSameAsByMobile() {
        MemoryKiosk byMobile = oliviaWithoutCode();
        byMobile.press(OLIVIA_NATIONAL + "#");
        MemoryKiosk byCode = oliviaWithoutCode();
        byCode.press(OLIVIA_CODE + "#");
        assertEquals(byMobile.releases(), byCode.releases());
        assertEquals(byMobile.frame(), byCode.frame());
    }
}
