package org.smartbox.proof;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The size of the proof runs. CI runs a sample that fits its time budget; the nightly run
 * ({@code mvn -Pnightly verify}, or {@code -Dsmartbox.nightly=true}) runs the long variants. Read in
 * tests only: production code never looks at system properties.
 */
public final class Nightly {

    private Nightly() {
    }

    public static boolean on() {
        return Boolean.parseBoolean(System.getProperty("smartbox.nightly", "false"));
    }

    /** {@code ci} in the normal run, {@code nightly} in the nightly one. */
    public static int pick(int ci, int nightly) {
        return on() ? nightly : ci;
    }

    /** A fixed seed to replay a failed run ({@code -Dsmartbox.seed=...}), else a fresh one. */
    public static long seed() {
        String fixed = System.getProperty("smartbox.seed");
        return fixed == null || fixed.isBlank() ? new java.security.SecureRandom().nextLong() : Long.parseLong(fixed);
    }

    /** A jqwik hook: the property runs only in the nightly run. */
    public static final class Only implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return on() ? SkipResult.doNotSkip() : SkipResult.skip("nightly only (-Dsmartbox.nightly=true)");
        }
    }
}
