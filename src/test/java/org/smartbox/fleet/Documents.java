package org.smartbox.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** Sync documents for the fleet tests, made from the shipped demo data. */
final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {
    }

    /** The demo snapshot at {@code version}. */
    static ObjectNode snapshot(long version) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(Path.of("device-config/demo-data.json").toFile());
        doc.put("version", version);
        return doc;
    }

    /** A delta that relabels key k-12. */
    static ObjectNode relabel(long version, long baseVersion, String label) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("schema", 1).put("type", "delta").put("boxId", "SB-DEMO").put("version", version)
                .put("baseVersion", baseVersion);
        ArrayNode keys = doc.putObject("upsert").putArray("keys");
        keys.addObject().put("id", "k-12").put("ownerId", "u-olivia").put("label", label).put("slot", 12);
        return doc;
    }

    static byte[] bytes(ObjectNode doc) throws IOException {
        return JSON.writeValueAsBytes(doc);
    }
}
