package org.smartbox.sync;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks app unlock grants against the cloud's Ed25519 key: signature, box id, a window of at most
 * five minutes, and {@code notBefore <= now < expiresAt}. Single use is the store's job.
 */
public final class GrantVerifier {

    public static final Duration MAX_WINDOW = Duration.ofMinutes(5);

    private final PublicKey cloudKey;
    private final String boxId;

    public GrantVerifier(PublicKey cloudKey, String boxId) {
        Ed25519Keys.requireEd25519(cloudKey);
        this.cloudKey = cloudKey;
        this.boxId = Objects.requireNonNull(boxId, "boxId");
    }

    /** Reads and checks a grant as it came off the wire. */
    public GrantVerdict verify(byte[] json, Instant now) {
        GrantReader.Result read = GrantReader.read(json);
        if (read instanceof GrantReader.Result.Malformed malformed) {
            return refused(GrantVerdict.Reason.MALFORMED, malformed.rejection().message(), null);
        }
        return verify(((GrantReader.Result.Parsed) read).grant(), now);
    }

    /** Checks in a fixed order, the signature first: nothing in the grant counts until it holds. */
    public GrantVerdict verify(SignedGrant signed, Instant now) {
        Grant g = signed.grant();
        if (!signatureHolds(signed)) {
            return refused(GrantVerdict.Reason.BAD_SIGNATURE, "the signature does not verify with the cloud key", g);
        }
        if (!g.boxId().equals(boxId)) {
            return refused(GrantVerdict.Reason.WRONG_BOX, "the grant is for box " + Fields.quote(g.boxId()), g);
        }
        if (Duration.between(g.notBefore(), g.expiresAt()).compareTo(MAX_WINDOW) > 0) {
            return refused(GrantVerdict.Reason.WINDOW_TOO_LONG, "the window is longer than "
                    + MAX_WINDOW.toMinutes() + " minutes", g);
        }
        if (now.isBefore(g.notBefore())) {
            return refused(GrantVerdict.Reason.NOT_YET_VALID, "valid from " + g.notBefore(), g);
        }
        if (!now.isBefore(g.expiresAt())) {
            return refused(GrantVerdict.Reason.EXPIRED, "expired at " + g.expiresAt(), g);
        }
        return new GrantVerdict.Accepted(g);
    }

    private boolean signatureHolds(SignedGrant signed) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(cloudKey);
            verifier.update(signed.canonical());
            return verifier.verify(signed.signature());
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            // The key was checked in the constructor; only a JVM without Ed25519 gets here.
            throw new IllegalStateException("cannot verify Ed25519 signatures", e);
        }
    }

    private static GrantVerdict refused(GrantVerdict.Reason reason, String detail, Grant grant) {
        return new GrantVerdict.Refused(reason, detail, Optional.ofNullable(grant));
    }

    @Override
    public String toString() {
        return "GrantVerifier[" + boxId + "]";
    }
}
