package org.smartbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** App codes of SPEC §5 against the published RFC vectors, and the box's drift and replay rules. */
class AppCodesTest {

    /** The shared secret of RFC 4226 Appendix D and of RFC 6238 Appendix B (SHA-1). */
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private final AppCodes app = new AppCodes();

    private String code(long counter) {
        return new String(app.code(SECRET, counter), StandardCharsets.US_ASCII);
    }

    private AppCodes.Check check(String typed, long epochSecond, OptionalLong last) {
        return app.check(SECRET, typed, Instant.ofEpochSecond(epochSecond), last);
    }

    @ParameterizedTest(name = "HOTP count {0} = {1}")
    @CsvSource({"0,755224", "1,287082", "2,359152", "3,969429", "4,338314",
            "5,254676", "6,287922", "7,162583", "8,399871", "9,520489"})
    void hotpMatchesRfc4226AppendixD(long counter, String expected) {
        assertEquals(expected, code(counter));
    }

    /** RFC 6238 Appendix B gives 8 digits; a 6-digit code is the same value's last 6 digits. */
    @ParameterizedTest(name = "TOTP at {0} s = {1}")
    @CsvSource({"59,94287082", "1111111109,07081804", "1111111111,14050471", "1234567890,89005924",
            "2000000000,69279037", "20000000000,65353130"})
    void totpMatchesRfc6238AppendixBSha1(long epochSecond, String eightDigits) {
        String expected = eightDigits.substring(2);
        assertEquals(expected, code(epochSecond / AppCodes.STEP_SECONDS));
        AppCodes.Check c = check(expected, epochSecond, OptionalLong.empty());
        assertTrue(c.accepted());
        assertEquals(epochSecond / 30, c.step());
    }

    @Test
    void aCodeIsAcceptedOnce() {
        AppCodes.Check first = check("287082", 59, OptionalLong.empty());
        assertTrue(first.accepted());
        AppCodes.Check again = check("287082", 59, OptionalLong.of(first.step()));
        assertFalse(again.accepted());
        assertEquals(AppCodes.Outcome.REPLAYED, again.outcome());
    }

    @Test
    void anEarlierStepThanTheLastAcceptedIsAReplayToo() {
        // Step 2 was used; the (still in-drift) code of step 1 may not come back.
        AppCodes.Check c = check(code(1), 75, OptionalLong.of(2));
        assertEquals(AppCodes.Outcome.REPLAYED, c.outcome());
    }

    @Test
    void aLaterStepThanTheLastAcceptedIsAccepted() {
        AppCodes.Check c = check(code(3), 95, OptionalLong.of(2));
        assertTrue(c.accepted());
        assertEquals(3, c.step());
    }

    @Test
    void oneStepOfDriftEitherWayIsAccepted() {
        long now = 1_000_000 * 30L + 7;
        long step = now / 30;
        assertTrue(check(code(step - 1), now, OptionalLong.empty()).accepted());
        assertTrue(check(code(step + 1), now, OptionalLong.empty()).accepted());
        assertEquals(step - 1, check(code(step - 1), now, OptionalLong.empty()).step());
    }

    @Test
    void twoStepsOfDriftAreRejected() {
        long now = 1_000_000 * 30L + 7;
        long step = now / 30;
        assertEquals(AppCodes.Outcome.WRONG, check(code(step - 2), now, OptionalLong.empty()).outcome());
        assertEquals(AppCodes.Outcome.WRONG, check(code(step + 2), now, OptionalLong.empty()).outcome());
    }

    @Test
    void aWrongCodeIsWrong() {
        AppCodes.Check c = check("000000", 59, OptionalLong.empty());
        assertEquals(AppCodes.Outcome.WRONG, c.outcome());
        assertFalse(c.accepted());
        assertEquals(AppCodes.Outcome.WRONG, check("28708", 59, OptionalLong.empty()).outcome());
        assertEquals(AppCodes.Outcome.WRONG, check("2870820", 59, OptionalLong.empty()).outcome());
    }

    @Test
    void anotherSecretGivesOtherCodes() {
        byte[] other = "abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII);
        assertFalse(app.check(other, "287082", Instant.ofEpochSecond(59), OptionalLong.empty()).accepted());
    }
}
