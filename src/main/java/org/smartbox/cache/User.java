package org.smartbox.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * A person the cloud has told the box about. The account code is never held here: the store keeps
 * only its keyed hash, and the app secret is read separately when a factor is checked.
 */
public record User(String id, String name, String mobile, boolean technician, SecuritySettings security,
                   boolean hasAppSecret) {

    public User {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        security = security == null ? SecuritySettings.ALL_ON : security;
    }

    /** The E.164 mobile number, when one is on file. */
    public Optional<String> mobileNumber() {
        return Optional.ofNullable(mobile);
    }

    /** A name fit for a 20-character display line: the first name, or the id when there is none. */
    public String shortName() {
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            return id;
        }
        int space = trimmed.indexOf(' ');
        return space > 0 ? trimmed.substring(0, space) : trimmed;
    }

    @Override
    public String toString() {
        // No mobile number in logs or exception messages (SPEC §6).
        return "User[" + id + (technician ? ", technician" : "") + "]";
    }
}
