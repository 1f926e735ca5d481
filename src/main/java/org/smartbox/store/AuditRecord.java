package org.smartbox.store;

import java.time.Instant;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;

/**
 * An audit event as stored: its sequence number in the chain, its time, its chain MAC, and its type
 * as the row names it. A row of a type this version does not know (written by a newer version before
 * a downgrade) reads back as an event of {@link AuditType#UNKNOWN} whose {@code type} keeps the
 * stored name, so it is listed and uploaded as it is.
 */
public record AuditRecord(long seq, Instant at, AuditEvent event, byte[] hash, String type) {

    public AuditRecord(long seq, Instant at, AuditEvent event, byte[] hash) {
        this(seq, at, event, hash, event.type().name());
    }

    /** {@code seq at TYPE k=v ...}, the form {@code smartbox audit} prints. */
    public String line() {
        StringBuilder sb = new StringBuilder().append(seq).append(' ').append(at).append(' ').append(type);
        event.fields().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
