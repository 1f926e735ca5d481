package org.smartbox.audit;

import java.time.Instant;

/**
 * Where the kiosk writes its audit entries: the SQLite audit chain on the box, a list in memory in
 * tests. An append inside a {@code BoxRecords.transaction} belongs to that transaction.
 */
@FunctionalInterface
public interface AuditSink {

    void append(AuditEvent event, Instant at);
}
