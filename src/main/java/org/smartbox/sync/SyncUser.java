package org.smartbox.sync;

import org.smartbox.cache.SecuritySettings;

/**
 * A user as a sync document carries it. The account code and app secret are in clear only here, in
 * memory, on their way to the store, which keeps a keyed hash and an encrypted copy respectively.
 */
public record SyncUser(String id, String name, String mobile, String accountCode, boolean technician,
                       SecuritySettings security, byte[] appSecret) {

    @Override
    public String toString() {
        return "SyncUser[" + id + "]";
    }
}
