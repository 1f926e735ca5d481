package org.smartbox.cache;

/**
 * What the box believes about a key's whereabouts: in its slot, or out and held by someone. The box
 * learns this from its own pickups, returns and sensors; the cloud never sets it.
 */
public record KeyState(boolean out, String holderId) {

    /** A key the box has never seen leave. */
    public static final KeyState IN = new KeyState(false, null);

    public static KeyState outWith(String holderId) {
        return new KeyState(true, holderId);
    }

    public boolean heldBy(String userId) {
        return out && userId != null && userId.equals(holderId);
    }
}
