package org.smartbox.text;

import java.util.Locale;

/** A number with its noun in the right form, for what people read: "1 event", "2 events". */
public final class Counted {

    private Counted() {
    }

    /** {@code noun} is the singular; the plural adds "s", or "es" after s, x, z, ch and sh. */
    public static String of(long count, String noun) {
        return count + " " + (count == 1 ? noun : plural(noun));
    }

    /** For nouns whose plural is not regular ("entry", "entries"). */
    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

    static String plural(String noun) {
        String lower = noun.toLowerCase(Locale.ROOT);
        boolean sibilant = lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("z") || lower.endsWith("ch")
                || lower.endsWith("sh");
        return noun + (sibilant ? "es" : "s");
    }
}
