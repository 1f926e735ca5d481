package org.smartbox.auth;

import com.eatthepath.otp.HmacOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * App codes of SPEC §5: RFC 6238 TOTP with HMAC-SHA-1, 6 digits, 30-second steps, one step of drift
 * either way. A code is accepted once: only a step later than the last accepted one counts.
 */
public final class AppCodes {

    public static final long STEP_SECONDS = 30;
    private static final int DIGITS = 6;
    private static final int DRIFT_STEPS = 1;

    private final HmacOneTimePasswordGenerator hotp = new HmacOneTimePasswordGenerator(DIGITS);

    /** How a typed app code fared. */
    public record Check(Outcome outcome, long step) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    public enum Outcome { ACCEPTED, REPLAYED, WRONG }

    /**
     * Checks {@code typed} against the codes of the steps around {@code now}. Every candidate step is
     * computed and compared in constant time, so timing does not tell which step matched.
     */
    public Check check(byte[] secret, String typed, Instant now, OptionalLong lastAcceptedStep) {
        long current = Math.floorDiv(now.getEpochSecond(), STEP_SECONDS);
        byte[] typedBytes = typed.getBytes(StandardCharsets.US_ASCII);
        long fresh = -1;
        long replayed = -1;
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            boolean match = step >= 0 && MessageDigest.isEqual(code(secret, step), typedBytes);
            boolean used = lastAcceptedStep.isPresent() && step <= lastAcceptedStep.getAsLong();
            if (match && !used && fresh < 0) {
                fresh = step;
            } else if (match && used) {
                replayed = step;
            }
        }
        if (fresh >= 0) {
            return new Check(Outcome.ACCEPTED, fresh);
        }
        return replayed >= 0 ? new Check(Outcome.REPLAYED, replayed) : new Check(Outcome.WRONG, -1);
    }

    /** The 6-digit HOTP value for one counter, as ASCII digits. */
    public byte[] code(byte[] secret, long counter) {
        try {
            int value = hotp.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), counter);
            return String.format(Locale.ROOT, "%06d", value).getBytes(StandardCharsets.US_ASCII);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("app secret is not a usable HMAC-SHA-1 key", e);
        }
    }
}
