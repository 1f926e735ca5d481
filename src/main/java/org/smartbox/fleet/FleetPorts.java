package org.smartbox.fleet;

import java.nio.file.Path;
import org.smartbox.auth.BoxKeys;
import org.smartbox.kiosk.BoxData;
import org.smartbox.kiosk.GrantService;
import org.smartbox.kiosk.KioskClock;
import org.smartbox.kiosk.RefusalAudit;
import org.smartbox.kiosk.SyncService;
import org.smartbox.store.AuditLog;
import org.smartbox.store.BoxStore;

/**
 * What the fleet link needs of a running kiosk, and no more. The uplink reads the audit outbox over
 * its own connection to {@code dbFile} (with the box's {@code keys}) and wakes on each new entry of
 * {@code audit}; the downlink hands documents to {@code sync} and grants to {@code grants}, counts
 * floods in {@code refusals} and marks the last document in {@code store}, always through
 * {@code access}, on the kiosk's thread.
 */
public record FleetPorts(Path dbFile, BoxKeys keys, KioskClock clock, AuditLog audit, SyncService sync,
                         GrantService grants, RefusalAudit refusals, BoxStore store, KioskAccess access) {

    /** The ports of a kiosk on its box data; {@code access} is how work reaches its thread. */
    public static FleetPorts of(BoxData data, GrantService grants, KioskClock clock, KioskAccess access) {
        return new FleetPorts(data.database().file(), data.keys(), clock, data.audit(), data.sync(), grants,
                data.refusals(), data.store(), access);
    }
}
