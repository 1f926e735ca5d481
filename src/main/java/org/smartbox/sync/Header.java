package org.smartbox.sync;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The top-level fields that say what a document is and whether it fits this cache: {@code schema},
 * {@code type}, {@code boxId}, {@code version}, {@code baseVersion}, checked in that order.
 */
final class Header {

    static final String SNAPSHOT = "snapshot";
    static final String DELTA = "delta";
    /**
     * The largest version (and base version): 2^53-1, exact in every JSON reader. A cloud that counts
     * past it, or a document that jumps there, cannot lock a box out of sync for good.
     */
    public static final long MAX_VERSION = (1L << 53) - 1;

    private Header() {
    }

    /** A header that passed every rule. {@code baseVersion} is 0 for a snapshot. */
    record Values(String type, String boxId, long version, long baseVersion) {
        boolean isDelta() {
            return DELTA.equals(type);
        }
    }

    static Values check(Fields header, SyncBase base) throws Invalid {
        schema(header);
        String type = type(header, base);
        String boxId = boxId(header, base);
        long version = version(header, base);
        long baseVersion = DELTA.equals(type) ? baseVersion(header, base) : 0;
        return new Values(type, boxId, version, baseVersion);
    }

    /**
     * Checks one field as soon as it is read, so that a document meant for another box or schema is
     * not converted record by record only to be refused at the end. {@code baseVersion} waits for
     * the end: whether it counts depends on the type.
     */
    static boolean fails(String name, Fields header, SyncBase base) {
        try {
            switch (name) {
                case "schema" -> schema(header);
                case "type" -> type(header, base);
                case "boxId" -> boxId(header, base);
                case "version" -> version(header, base);
                default -> {
                }
            }
            return false;
        } catch (Invalid e) {
            return true;
        }
    }

    /** {@code schema} must be the integer 1: grants share this rule. */
    static void schema(Fields header) throws Invalid {
        JsonNode schema = header.get("schema");
        if (schema == null) {
            throw header.invalid("schema", "is required");
        }
        if (!schema.isIntegralNumber()) {
            throw header.invalid("schema", "must be the integer 1");
        }
        if (!schema.canConvertToLong() || schema.longValue() != 1) {
            throw header.invalid("schema", "unsupported schema " + schema.asText() + " (this box reads schema 1)");
        }
    }

    private static String type(Fields header, SyncBase base) throws Invalid {
        String type = header.string("type");
        if ("grant".equals(type)) {
            throw header.invalid("type", "grants are not sync documents (they are app unlock grants)");
        }
        if (!SNAPSHOT.equals(type) && !DELTA.equals(type)) {
            throw header.invalid("type", "must be \"snapshot\" or \"delta\"");
        }
        if (DELTA.equals(type) && !base.takesDeltas()) {
            throw header.invalid("type", "a reset takes a snapshot (a delta builds on the cache it would replace)");
        }
        return type;
    }

    private static String boxId(Fields header, SyncBase base) throws Invalid {
        String boxId = header.string("boxId");
        if (!boxId.equals(base.boxId())) {
            throw header.invalid("boxId", Fields.quote(boxId) + " is not this box (" + Fields.quote(base.boxId()) + ")");
        }
        return boxId;
    }

    private static long version(Fields header, SyncBase base) throws Invalid {
        long version = header.integer("version", 1, MAX_VERSION);
        if (version <= base.version()) {
            throw header.invalid("version", version + " is not newer than the cache's version "
                    + base.version() + " (stale or out of order)");
        }
        return version;
    }

    private static long baseVersion(Fields header, SyncBase base) throws Invalid {
        if (!header.has("baseVersion")) {
            throw header.invalid("baseVersion", "is required in a delta");
        }
        long baseVersion = header.integer("baseVersion", 0, MAX_VERSION);
        if (baseVersion != base.version()) {
            throw header.invalid("baseVersion", baseVersion + " does not match the cache's version " + base.version());
        }
        return baseVersion;
    }
}
