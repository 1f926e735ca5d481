package org.smartbox.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import org.smartbox.audit.AuditEvent;
import org.smartbox.auth.BoxSecret;

/** Writes audit entries into a real database file, as the box would, or as a newer version would. */
public final class AuditFiles {

    private AuditFiles() {
    }

    /** Where the box keeps the secret of {@code db} when the config names none: beside it, {@code box.secret}. */
    public static Path secretBeside(Path db) {
        String name = db.getFileName().toString();
        return db.toAbsolutePath().resolveSibling((name.endsWith(".db") ? name.substring(0, name.length() - 3) : name)
                + ".secret");
    }

    /** The log of {@code db} keyed by the secret beside it (made when there is none yet), as the box keys it. */
    public static AuditLog keyed(Database db) {
        try {
            BoxSecret.loadOrCreate(secretBeside(db.file()), new SecureRandom());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AuditLog.withSecretFile(db, secretBeside(db.file()));
    }

    public static void append(Path file, AuditEvent event, Instant at) {
        try (Database db = Database.open(file)) {
            keyed(db).append(event, at);
        }
    }

    /** A chained entry of any type name, such as one this version does not know. */
    public static void appendRaw(Path file, String type, String fieldsJson, Instant at) {
        try (Database db = Database.open(file)) {
            AuditLog log = keyed(db);
            db.inTransaction(() -> log.appendRow(type, fieldsJson, at));
        }
    }
}
