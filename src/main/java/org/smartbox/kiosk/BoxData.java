package org.smartbox.kiosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.auth.BoxKeys;
import org.smartbox.auth.BoxSecret;
import org.smartbox.config.BoxConfig;
import org.smartbox.store.AuditLog;
import org.smartbox.store.BoxStore;
import org.smartbox.store.Database;
import org.smartbox.store.StoreException;
import org.smartbox.store.SyncApplier;

/**
 * Everything the box keeps on disk, opened together: the box secret and the database with its
 * cache, audit log and sync. The kiosk and the shell commands ({@code import}, {@code audit}) share it.
 */
public final class BoxData implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoxData.class);

    private final Database db;
    private final BoxKeys keys;
    private final BoxStore store;
    private final AuditLog audit;
    private final SyncApplier applier;
    private final RefusalAudit refusals;
    private final SyncService sync;

    private BoxData(Database db, BoxKeys keys, BoxConfig config, KioskClock clock) {
        this.db = db;
        this.keys = keys;
        this.store = new BoxStore(db, keys);
        this.audit = new AuditLog(db, keys.auditChain());
        this.applier = new SyncApplier(store, keys, audit);
        this.refusals = new RefusalAudit(audit, clock);
        this.sync = new SyncService(applier, audit, refusals, clock, config.boxId(), config.slots(),
                config.accountCodes().minDigits());
    }

    /**
     * Opens the database and the secret, creating either on first use. A missing secret is made only
     * for a database that never had one: the secret of an existing database cannot be made again,
     * and a new one beside it would only hide what was lost.
     */
    public static BoxData open(BoxConfig config, Path dbFile, KioskClock clock, SecureRandom random) {
        Database db = Database.open(dbFile);
        try {
            return new BoxData(db, loadKeys(config.secretPath(dbFile), db, random), config, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static BoxKeys loadKeys(Path secretFile, Database db, SecureRandom random) {
        if (!Files.exists(secretFile) && BoxStore.secretCheck(db).isPresent()) {
            throw new StoreException(secretFile + ": the box secret is missing, but " + db.file() + " was made with"
                    + " one: restore the secret file from backup (the account codes and app secrets in the"
                    + " database need it), or move the database aside and sync a snapshot");
        }
        try {
            BoxSecret secret = BoxSecret.loadOrCreate(secretFile, random);
            if (BoxSecret.permissionsTooOpen(secretFile)) {
                LOG.warn("{}: box secret was readable by others; restricting it to its owner", secretFile);
                BoxSecret.restrictToOwner(secretFile);
            }
            return BoxKeys.from(secret, random);
        } catch (IOException e) {
            throw new StoreException(secretFile + ": box secret: " + e.getMessage(), e);
        }
    }

    public Database database() {
        return db;
    }

    public BoxKeys keys() {
        return keys;
    }

    public BoxStore store() {
        return store;
    }

    public AuditLog audit() {
        return audit;
    }

    public SyncService sync() {
        return sync;
    }

    /** How refusals of what comes from outside are audited (one by one, then counted in a flood). */
    public RefusalAudit refusals() {
        return refusals;
    }

    @Override
    public void close() {
        db.close();
    }
}
