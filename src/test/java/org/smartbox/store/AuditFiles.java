package org.smartbox.store;

import java.nio.file.Path;
import java.time.Instant;
import org.smartbox.audit.AuditEvent;

/** Writes audit entries into a real database file, as the box would, or as a newer version would. */
public final class AuditFiles {

    private AuditFiles() {
    }

    public static void append(Path file, AuditEvent event, Instant at) {
        try (Database db = Database.open(file)) {
            new AuditLog(db).append(event, at);
        }
    }

    /** A chained entry of any type name, such as one this version does not know. */
    public static void appendRaw(Path file, String type, String fieldsJson, Instant at) {
        try (Database db = Database.open(file)) {
            AuditLog log = new AuditLog(db);
            db.inTransaction(() -> log.appendRow(type, fieldsJson, at));
        }
    }
}
