package org.smartbox.sync;

/**
 * A grant as read from the wire, with the exact bytes its signature covers. Only {@link GrantReader}
 * makes these, so the grant always matches the bytes the signature is checked against.
 */
public final class SignedGrant {

    private final Grant grant;
    private final byte[] canonical;
    private final byte[] signature;

    SignedGrant(Grant grant, byte[] canonical, byte[] signature) {
        this.grant = grant;
        this.canonical = canonical.clone();
        this.signature = signature.clone();
    }

    /** The grant's fields; not to be trusted before {@link GrantVerifier} accepts it. */
    public Grant grant() {
        return grant;
    }

    byte[] canonical() {
        return canonical.clone();
    }

    byte[] signature() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "SignedGrant[" + grant + "]";
    }
}
