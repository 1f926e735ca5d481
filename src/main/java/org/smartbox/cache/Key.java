package org.smartbox.cache;

import java.util.Objects;

/** A physical key that lives in one slot of the box and belongs to one owner. */
public record Key(String id, String ownerId, String label, int slot) {

    public Key {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        label = label == null ? "" : label;
    }

    public boolean isOwnedBy(String userId) {
        return ownerId.equals(userId);
    }
}
