package org.smartbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeSpaceTest {

    private static final LockoutPolicy DEFAULTS = new LockoutPolicy(5, Duration.ofMinutes(10),
            Duration.ofSeconds(60), Duration.ofMinutes(15));

    private static List<CodeSpace.Code> codes(int n, int digits, boolean factorFree) {
        List<CodeSpace.Code> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new CodeSpace.Code(digits, factorFree));
        }
        return list;
    }

    @Test
    void theDefaultLockoutAllows720GuessesADayAsMeasuredAndSpecSixAlone1270() {
        assertEquals(720, CodeSpace.guessesPerDay(DEFAULTS), 0.01);
        LockoutPolicy noCap = new LockoutPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60),
                Duration.ofMinutes(15), 0, Duration.ofHours(1));
        // Three lockouts (60 + 120 + 240 s) then the 10 quiet minutes: 15 guesses per 1,020 s.
        assertEquals(15 * 86_400 / 1020.0, CodeSpace.guessesPerDay(noCap), 0.01);
    }

    @Test
    void fiveHundredFourDigitCodesAreFivePercentAGuessAndUnderTheBound() {
        List<CodeSpace.Code> all = new ArrayList<>(codes(400, 4, false));
        all.addAll(codes(100, 4, true));
        CodeSpace space = CodeSpace.of(all, 0);

        assertEquals(Map.of(4, 500), space.codesByLength());
        assertEquals(100, space.factorFree());
        assertEquals(20, space.spacePerCode(), 1e-9);
        assertTrue(space.underBound());
        assertEquals(0.05, space.identificationsPerGuess(), 1e-12);
        assertEquals(10_001 / 101.0, space.expectedGuesses(), 1e-9);
        assertEquals(10_001 / 101.0 / 720, space.expectedDays(DEFAULTS), 1e-9);
    }

    @Test
    void theAttackerTakesTheLengthWithTheMostFactorFreeCodesForItsSpace() {
        List<CodeSpace.Code> all = new ArrayList<>(codes(2, 4, true));
        all.addAll(codes(300, 6, true));
        CodeSpace space = CodeSpace.of(all, 0);
        // 4 digits: 10,001 / 3 = 3,334 guesses; 6 digits: 1,000,001 / 301 = 3,322: the six win, just.
        assertEquals(1_000_001 / 301.0, space.expectedGuesses(), 1e-9);
        assertEquals(1_000_000 / 300.0, space.spacePerCode(), 1e-9);
        assertEquals(6, space.crowdedLength());
    }

    @Test
    void theFloorTakesShortCodesOutOfTheFactorFreeOnes() {
        List<CodeSpace.Code> all = new ArrayList<>(codes(100, 4, true));
        all.addAll(codes(10, 8, true));
        CodeSpace floored = CodeSpace.of(all, 8);

        assertEquals(10, floored.factorFree());
        assertEquals(Map.of(8, 10), floored.factorFreeByLength());
        assertEquals(100_000_001 / 11.0, floored.expectedGuesses(), 1e-6);
        assertTrue(floored.expectedDays(DEFAULTS) > 365 * 30);
        // Identification is as easy as before: the floor only stops the code opening alone.
        assertEquals(0.01, floored.identificationsPerGuess(), 1e-12);
    }

    @Test
    void noFactorFreeCodeMeansNoOpeningEverAndNoCodesMeansNoWarning() {
        CodeSpace none = CodeSpace.of(codes(50, 4, false), 0);
        assertEquals(Double.POSITIVE_INFINITY, none.expectedGuesses());
        assertEquals(Double.POSITIVE_INFINITY, none.expectedDays(DEFAULTS));
        CodeSpace empty = CodeSpace.of(List.of(), 0);
        assertFalse(empty.underBound());
        assertEquals(0, empty.codes());
    }
}
