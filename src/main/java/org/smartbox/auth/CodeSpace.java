package org.smartbox.auth;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How hard it is to guess <em>anyone's</em> account code at this box (issue 20). An attacker at the
 * keypad needs no particular person: every assigned code of a length is a target, so a guess of that
 * length identifies someone with probability (codes of that length) / 10^length. The people who open
 * a slot with the code alone (own keys with keyPickups2fa OFF, or accesses whose owner has
 * guestPickups2fa OFF) are what the attacker is really after. Pure arithmetic: no I/O, no clock.
 *
 * <p>IEC 60839-11-1 asks PIN-only systems for at least {@link #BOUND} possible codes per assigned code.
 */
public final class CodeSpace {

    /** Possible codes per assigned code below which the box warns. */
    public static final long BOUND = 1000;

    /** One assigned account code: its length, and whether it opens a slot without a second factor. */
    public record Code(int digits, boolean factorFree) {
    }

    private final Map<Integer, Integer> codes = new TreeMap<>();
    private final Map<Integer, Integer> factorFree = new TreeMap<>();

    private CodeSpace(List<Code> assigned) {
        for (Code code : assigned) {
            codes.merge(code.digits(), 1, Integer::sum);
            if (code.factorFree()) {
                factorFree.merge(code.digits(), 1, Integer::sum);
            }
        }
    }

    /**
     * The figure for these codes. {@code codeOnlyNeedsDigits} (0 = off): codes shorter than it never
     * open a slot without a factor, whatever the settings say.
     */
    public static CodeSpace of(List<Code> assigned, int codeOnlyNeedsDigits) {
        return new CodeSpace(assigned.stream()
                .map(c -> c.digits() < codeOnlyNeedsDigits ? new Code(c.digits(), false) : c).toList());
    }

    /** Assigned codes per length, ascending. */
    public Map<Integer, Integer> codesByLength() {
        return Map.copyOf(codes);
    }

    /** Factor-free codes per length (lengths without any are left out). */
    public Map<Integer, Integer> factorFreeByLength() {
        return Map.copyOf(factorFree);
    }

    public int codes() {
        return codes.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int factorFree() {
        return factorFree.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Possible codes per assigned code at the most crowded length; infinite with no codes. */
    public double spacePerCode() {
        double least = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, Integer> e : codes.entrySet()) {
            least = Math.min(least, Math.pow(10, e.getKey()) / e.getValue());
        }
        return least;
    }

    /** The length with the fewest possible codes per assigned code (0 with no codes). */
    public int crowdedLength() {
        int crowded = 0;
        double least = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, Integer> e : codes.entrySet()) {
            double space = Math.pow(10, e.getKey()) / e.getValue();
            if (space < least) {
                least = space;
                crowded = e.getKey();
            }
        }
        return crowded;
    }

    public boolean underBound() {
        return spacePerCode() < BOUND;
    }

    /** The chance that one guess (at the best length) identifies someone. */
    public double identificationsPerGuess() {
        double best = 0;
        for (Map.Entry<Integer, Integer> e : codes.entrySet()) {
            best = Math.max(best, e.getValue() / Math.pow(10, e.getKey()));
        }
        return best;
    }

    /**
     * Expected guesses until the first factor-free opening, guessing codes of the best length each
     * once: (N + 1) / (f + 1) for f targets among N codes. Infinite when no code opens alone.
     */
    public double expectedGuesses() {
        double best = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, Integer> e : factorFree.entrySet()) {
            best = Math.min(best, (Math.pow(10, e.getKey()) + 1) / (e.getValue() + 1));
        }
        return best;
    }

    /** {@link #expectedGuesses} in days at the rate the lockout allows. */
    public double expectedDays(LockoutPolicy lockout) {
        return expectedGuesses() / guessesPerDay(lockout);
    }

    /**
     * The most failed entries a day the lockout lets a patient attacker make: the best of guessing
     * through k doubling lockouts and then pausing the quiet period (so the doubling starts over),
     * for any k, or never pausing; capped by the failures per window. Typing time is left out, so
     * the figure errs on the attacker's side (it matches the measured 720 a day for the defaults).
     */
    public static double guessesPerDay(LockoutPolicy lockout) {
        double day = 86_400_000.0;
        double best = lockout.maxFailures() * day / lockout.max().toMillis();
        long locked = 0;
        for (int k = 1; k <= 64; k++) {
            locked += lockout.lockMillis(k - 1);
            best = Math.max(best, k * lockout.maxFailures() * day / (locked + lockout.quietReset().toMillis()));
        }
        if (lockout.maxFailuresPerWindow() > 0) {
            best = Math.min(best, lockout.maxFailuresPerWindow() * day / lockout.window().toMillis());
        }
        return best;
    }
}
