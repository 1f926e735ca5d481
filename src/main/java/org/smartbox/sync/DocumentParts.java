package org.smartbox.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smartbox.cache.Key;

/**
 * What the streaming reader has collected so far: the header fields, the lists of both document
 * types (a document may name its type last), and the first problem found in a record.
 *
 * <p>When everything is read, {@link #finish} decides in this order: the header (is the document for
 * this box and this cache at all?), fields of the other document type, missing snapshot lists, the
 * first record problem in document order, then the rules that join records.
 */
final class DocumentParts {

    final RecordList<SyncUser> users = RecordList.records("users", SyncUser::id);
    final RecordList<Key> keys = RecordList.records("keys", Key::id);
    final RecordList<SyncAccess> accesses = RecordList.records("accesses", SyncAccess::id);
    final RecordList<SyncUser> upsertUsers = RecordList.records("upsert.users", SyncUser::id);
    final RecordList<Key> upsertKeys = RecordList.records("upsert.keys", Key::id);
    final RecordList<SyncAccess> upsertAccesses = RecordList.records("upsert.accesses", SyncAccess::id);
    final RecordList<String> deleteUsers = RecordList.ids("delete.users");
    final RecordList<String> deleteKeys = RecordList.ids("delete.keys");
    final RecordList<String> deleteAccesses = RecordList.ids("delete.accesses");
    boolean hasUpsert;
    boolean hasDelete;

    private final SyncBase base;
    private final ObjectNode header = JsonNodeFactory.instance.objectNode();
    private SyncRejection firstProblem;
    private boolean headerFails;

    DocumentParts(SyncBase base) {
        this.base = base;
    }

    void header(String name, JsonNode value) {
        header.set(name, value);
        headerFails |= Header.fails(name, new Fields(header, ""), base);
    }

    void problem(SyncRejection problem) {
        if (firstProblem == null) {
            firstProblem = problem;
        }
    }

    /** Once the outcome is a rejection, the rest is only checked for being JSON, not converted. */
    boolean rejecting() {
        return firstProblem != null || headerFails;
    }

    SyncResult finish() {
        try {
            Header.Values h = Header.check(new Fields(header, ""), base);
            return h.isDelta() ? delta(h) : snapshot(h);
        } catch (Invalid e) {
            return new SyncResult.Rejected(e.rejection());
        }
    }

    private SyncResult snapshot(Header.Values h) throws Invalid {
        // Ignoring these would silently drop changes a confused producer meant to make.
        notAllowed(hasUpsert, "upsert", "a snapshot");
        notAllowed(hasDelete, "delete", "a snapshot");
        // A snapshot replaces everything: a missing list would wipe a table, so it must be explicit.
        for (RecordList<?> list : new RecordList<?>[] {users, keys, accesses}) {
            if (!list.present()) {
                throw new Invalid(list.path(), "is required in a snapshot (use [] for none)");
            }
        }
        failOnFirstProblem();
        SnapshotRules.check(users, keys, accesses);
        return new SyncResult.Valid(new SyncDocument.Snapshot(h.boxId(), h.version(),
                users.items(), keys.items(), accesses.items()), SharedMobiles.inSnapshot(users));
    }

    private SyncResult delta(Header.Values h) throws Invalid {
        for (RecordList<?> list : new RecordList<?>[] {users, keys, accesses}) {
            if (list.present()) {
                throw new Invalid(list.path(), "not allowed in a delta (use upsert." + list.path() + ")");
            }
        }
        failOnFirstProblem();
        new DeltaRules(this, base).check();
        return new SyncResult.Valid(new SyncDocument.Delta(h.boxId(), h.version(), h.baseVersion(),
                upsertUsers.items(), upsertKeys.items(), upsertAccesses.items(),
                deleteUsers.items(), deleteKeys.items(), deleteAccesses.items()),
                SharedMobiles.inDelta(upsertUsers, deleteUsers, base));
    }

    private static void notAllowed(boolean present, String field, String where) throws Invalid {
        if (present) {
            throw new Invalid(field, "not allowed in " + where);
        }
    }

    private void failOnFirstProblem() throws Invalid {
        if (firstProblem != null) {
            throw new Invalid(firstProblem);
        }
    }
}
