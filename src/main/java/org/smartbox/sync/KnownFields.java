package org.smartbox.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of one record worth reading. Everything else in the JSON (forward-compatible extras)
 * is skipped by the parser without being built, so an element's memory is bounded by what we keep.
 */
final class KnownFields {

    private static final KnownFields SCALAR = new KnownFields(Map.of());

    private final Map<String, KnownFields> fields;

    private KnownFields(Map<String, KnownFields> fields) {
        this.fields = fields;
    }

    static KnownFields of(String... names) {
        Map<String, KnownFields> fields = new HashMap<>();
        for (String name : names) {
            fields.put(name, SCALAR);
        }
        return new KnownFields(Map.copyOf(fields));
    }

    /** These fields plus one nested object, read with its own known fields. */
    KnownFields withObject(String name, KnownFields nested) {
        Map<String, KnownFields> more = new HashMap<>(fields);
        more.put(name, nested);
        return new KnownFields(Map.copyOf(more));
    }

    /** Reads the object the parser stands at (START_OBJECT) up to its END_OBJECT. */
    ObjectNode read(JsonParser p) throws IOException {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            KnownFields shape = fields.get(name);
            if (shape == null) {
                p.skipChildren();
            } else if (value == JsonToken.START_OBJECT && shape != SCALAR) {
                node.set(name, shape.read(p));
            } else {
                node.set(name, JsonInput.scalar(p));
            }
        }
        return node;
    }
}
