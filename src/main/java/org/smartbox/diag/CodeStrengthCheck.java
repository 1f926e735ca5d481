package org.smartbox.diag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.smartbox.auth.CodeSpace;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.config.BoxConfig;
import org.smartbox.store.AccountCodeFigures;
import org.smartbox.store.Database;
import org.smartbox.store.StoreException;
import org.smartbox.text.Counted;

/**
 * "code strength" (issue 20): how soon a stranger guessing account codes at the keypad opens a slot
 * without a second factor, from this box's own codes and lockout settings. Fails when that is
 * expected within {@code diag.codeStrengthHorizonDays}; warns below {@link CodeSpace#BOUND} possible
 * codes per assigned code. The figures go into {@code diag --json}.
 */
public final class CodeStrengthCheck {

    static final String NAME = "code strength";

    private CodeStrengthCheck() {
    }

    public static CheckResult run(Path dbFile, BoxConfig box) {
        if (!Files.isRegularFile(dbFile)) {
            return CheckResult.warn(NAME, "no database", "push a snapshot first");
        }
        try (Database db = Database.openExisting(dbFile)) {
            CodeSpace space = CodeSpace.of(AccountCodeFigures.read(db), box.identify().codeOnlyNeedsDigits());
            return of(space, box.lockout(), box.accountCodes().strengthHorizon().toDays());
        } catch (StoreException e) {
            return CheckResult.fail(NAME, e.getMessage(), "see the database check");
        }
    }

    /** The verdict for a figure; pure, for tests. */
    public static CheckResult of(CodeSpace space, LockoutPolicy lockout, long horizonDays) {
        double days = space.expectedDays(lockout);
        String value = space.codes() == 0 ? "no account codes assigned" : String.format(Locale.ROOT,
                "%s (%s), %d open alone, 1 in %s per code, %s",
                Counted.of(space.codes(), "code"), byLength(space.codesByLength()), space.factorFree(),
                whole(space.spacePerCode()),
                Double.isInfinite(days) ? "no factor-free opening" : "factor-free opening in ~" + whole(days) + " days");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("codesByLength", space.codesByLength());
        figures.put("factorFreeByLength", space.factorFreeByLength());
        figures.put("spacePerCode", finite(space.spacePerCode()));
        figures.put("identificationsPerGuess", space.identificationsPerGuess());
        figures.put("guessesPerDay", CodeSpace.guessesPerDay(lockout));
        figures.put("expectedGuessesToFactorFreeOpening", finite(space.expectedGuesses()));
        figures.put("expectedDaysToFactorFreeOpening", finite(days));
        figures.put("horizonDays", horizonDays);
        CheckResult result;
        if (days < horizonDays) {
            result = CheckResult.fail(NAME, value, "a guessing stranger opens a slot without a factor within "
                    + horizonDays + " days: longer account codes (identify.minAccountCodeDigits=8), "
                    + "identify.codeOnlyNeedsDigits, or pickup 2FA back ON");
        } else if (space.underBound()) {
            result = CheckResult.warn(NAME, value, "under " + CodeSpace.BOUND + " possible codes per assigned code:"
                    + " guesses identify people; use longer account codes");
        } else {
            result = CheckResult.ok(NAME, value);
        }
        return result.withFigures(figures);
    }

    /** "5 of 4 digits, 7 of 6 digits": the codes per length, shortest first. */
    static String byLength(Map<Integer, Integer> codesByLength) {
        if (codesByLength.isEmpty()) {
            return "none assigned";
        }
        return new java.util.TreeMap<>(codesByLength).entrySet().stream()
                .map(e -> e.getValue() + " of " + Counted.of(e.getKey(), "digit"))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** JSON has no infinity: null stands for "never". */
    private static Double finite(double x) {
        return Double.isInfinite(x) ? null : x;
    }

    private static String whole(double x) {
        return Double.isInfinite(x) ? "inf" : String.format(Locale.ROOT, "%,.0f", x);
    }
}
