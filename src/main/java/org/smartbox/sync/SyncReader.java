package org.smartbox.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.smartbox.cache.Key;

/**
 * Reads and validates a sync document (sync-format.md) as a stream, one record at a time, so the
 * largest documents never stand in memory as one JSON tree. Never throws for bad input.
 */
public final class SyncReader {

    /** Room for the largest documents expected (about 40 MB) with margin. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

    private final int maxBytes;

    /** @param maxBytes documents larger than this are rejected without being read further */
    public SyncReader(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * The document as a {@link SyncResult.Valid} ready to apply, or the first problem found, named by
     * its JSON path. Does not close {@code in}.
     */
    public SyncResult read(InputStream in, SyncBase base) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(base, "base");
        try (JsonParser parser = JsonInput.open(in, maxBytes)) {
            try {
                return new Pass(parser, base).document();
            } catch (JsonProcessingException e) {
                return rejected(JsonInput.describe(e, parser));
            }
        } catch (JsonInput.Refused e) {
            return rejected(e.rejection());
        } catch (IOException e) {
            // The stream itself failed (a file read error): not the document's fault, but still no
            // document, and the caller decides from a value like any other rejection.
            return rejected(new SyncRejection("", "could not read the document: " + e.getClass().getSimpleName()));
        }
    }

    private static SyncResult rejected(SyncRejection rejection) {
        return new SyncResult.Rejected(rejection);
    }

    /** One reading of one document. */
    private static final class Pass {
        private final JsonParser p;
        private final DocumentParts doc;
        private final RecordReader records;

        Pass(JsonParser parser, SyncBase base) {
            this.p = parser;
            this.doc = new DocumentParts(base);
            this.records = new RecordReader(base.slots());
        }

        SyncResult document() throws IOException {
            Optional<SyncRejection> notObject = JsonInput.startRoot(p);
            if (notObject.isPresent()) {
                return rejected(notObject.get());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                topLevelField(name);
            }
            return JsonInput.endRoot(p).map(SyncReader::rejected).orElseGet(doc::finish);
        }

        private void topLevelField(String name) throws IOException {
            switch (name) {
                case "schema", "type", "boxId", "version", "baseVersion" -> doc.header(name, JsonInput.scalar(p));
                case "users" -> users(doc.users);
                case "keys" -> keys(doc.keys);
                case "accesses" -> accesses(doc.accesses, doc.users, doc.keys);
                case "upsert" -> {
                    doc.hasUpsert = true;
                    section("upsert", true);
                }
                case "delete" -> {
                    doc.hasDelete = true;
                    section("delete", false);
                }
                // Unknown: forward compatibility. Skipped without being built.
                default -> p.skipChildren();
            }
        }

        private void section(String name, boolean upsert) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                problem(new SyncRejection(name, "must be an object"));
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String list = p.currentName();
                p.nextToken();
                switch (list) {
                    case "users" -> {
                        if (upsert) {
                            users(doc.upsertUsers);
                        } else {
                            ids(doc.deleteUsers);
                        }
                    }
                    case "keys" -> {
                        if (upsert) {
                            keys(doc.upsertKeys);
                        } else {
                            ids(doc.deleteKeys);
                        }
                    }
                    case "accesses" -> {
                        if (upsert) {
                            accesses(doc.upsertAccesses, doc.upsertUsers, doc.upsertKeys);
                        } else {
                            ids(doc.deleteAccesses);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }

        private void users(RecordList<SyncUser> list) throws IOException {
            each(list, RecordReader.USER_FIELDS, records::user);
        }

        private void keys(RecordList<Key> list) throws IOException {
            each(list, RecordReader.KEY_FIELDS, records::key);
        }

        /** Accesses share the id strings of the users and keys read before them. */
        private void accesses(RecordList<SyncAccess> list, RecordList<SyncUser> users, RecordList<Key> keys)
                throws IOException {
            each(list, RecordReader.ACCESS_FIELDS, f -> {
                SyncAccess a = records.access(f);
                return new SyncAccess(a.id(), keys.canonical(a.keyId()), users.canonical(a.userId()),
                        a.validFrom(), a.validUntil(), a.maxPickups());
            });
        }

        private <T> void each(RecordList<T> list, KnownFields shape, Convert<T> convert) throws IOException {
            if (!startList(list)) {
                return;
            }
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                if (doc.rejecting()) {
                    p.skipChildren();
                } else if (p.currentToken() != JsonToken.START_OBJECT) {
                    problem(new SyncRejection(list.path(i), "must be an object"));
                    p.skipChildren();
                } else {
                    String path = list.path(i);
                    // One element at a time: read, convert, and let its JSON go.
                    Fields element = new Fields(shape.read(p), path);
                    try {
                        list.add(convert.apply(element), i);
                    } catch (Invalid e) {
                        problem(e.rejection());
                    }
                }
            }
        }

        private void ids(RecordList<String> list) throws IOException {
            if (!startList(list)) {
                return;
            }
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                if (doc.rejecting()) {
                    p.skipChildren();
                } else if (p.currentToken() != JsonToken.VALUE_STRING || p.getText().isEmpty()) {
                    problem(new SyncRejection(list.path(i), "must be a non-empty string"));
                    p.skipChildren();
                } else {
                    try {
                        list.add(p.getText(), i);
                    } catch (Invalid e) {
                        problem(e.rejection());
                    }
                }
            }
        }

        private boolean startList(RecordList<?> list) throws IOException {
            list.markPresent();
            if (p.currentToken() != JsonToken.START_ARRAY) {
                problem(new SyncRejection(list.path(), "must be an array"));
                p.skipChildren();
                return false;
            }
            return true;
        }

        private void problem(SyncRejection rejection) {
            doc.problem(rejection);
        }
    }

    @FunctionalInterface
    private interface Convert<T> {
        T apply(Fields element) throws Invalid;
    }
}
