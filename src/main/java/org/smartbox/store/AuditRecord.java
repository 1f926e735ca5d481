package org.smartbox.store;

import java.time.Instant;
import org.smartbox.audit.AuditEvent;

/** An audit event as stored: its sequence number in the chain, its time and its chain hash. */
public record AuditRecord(long seq, Instant at, AuditEvent event, byte[] hash) {

    /** {@code seq at TYPE k=v ...}, the form {@code smartbox audit} prints. */
    public String line() {
        return seq + " " + at + " " + event.line();
    }
}
