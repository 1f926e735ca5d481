package org.smartbox.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/** Whatever is done to a valid document, reading it gives a value, never an exception. */
class MutationPropertiesTest {

    private static final String DELTA = """
            {"schema": 1, "type": "delta", "boxId": "SB-DEMO", "version": 8, "baseVersion": 7,
             "upsert": {
               "users": [{"id": "u-new", "mobile": "+15550000042", "accountCode": "272727",
                          "appTotpSecret": "%s", "security": {"guestPickups2fa": false}}],
               "keys": [{"id": "k-7", "ownerId": "u-new", "label": "Garage", "slot": 7}],
               "accesses": [{"id": "a-9", "keyId": "k-7", "userId": "u-tara",
                             "validFrom": "2026-11-27T00:00:00+01:00", "validUntil": "2026-11-28T00:00:00Z"}]},
             "delete": {"users": ["u-gus"], "keys": [], "accesses": ["a-1"]}}
            """.formatted(Docs.SECRET);

    private static final List<String> SECRETS = List.of("481516", "909090", "272727", Docs.SECRET);

    /** Values a field may be changed to: every JSON type, and near misses of the real ones. */
    private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1", "1.5", "12",
            "13", "99999999999999999999999", "\"\"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":{}}",
            "\"2026-11-27T00:00:00\"", "\"+0555\"", "\"u-gus\"", "\"k-4b\"", "\"snapshot\"", "\"delta\"", "\"grant\"");

    sealed interface Mutation {
        byte[] apply(byte[] doc);
    }

    record Truncate(int at) implements Mutation {
        public byte[] apply(byte[] doc) {
            return Arrays.copyOf(doc, at % (doc.length + 1));
        }
    }

    record Insert(int at, byte[] bytes) implements Mutation {
        public byte[] apply(byte[] doc) {
            int pos = at % (doc.length + 1);
            byte[] out = new byte[doc.length + bytes.length];
            System.arraycopy(doc, 0, out, 0, pos);
            System.arraycopy(bytes, 0, out, pos, bytes.length);
            System.arraycopy(doc, pos, out, pos + bytes.length, doc.length - pos);
            return out;
        }

        @Override
        public String toString() {
            return "Insert[at=" + at + ", bytes=" + Arrays.toString(bytes) + "]";
        }
    }

    record Replace(int at, byte value) implements Mutation {
        public byte[] apply(byte[] doc) {
            if (doc.length == 0) {
                return doc;
            }
            byte[] out = doc.clone();
            out[at % doc.length] = value;
            return out;
        }
    }

    record DeleteSpan(int at, int length) implements Mutation {
        public byte[] apply(byte[] doc) {
            int from = at % (doc.length + 1);
            int to = Math.min(doc.length, from + length);
            byte[] out = new byte[doc.length - (to - from)];
            System.arraycopy(doc, 0, out, 0, from);
            System.arraycopy(doc, to, out, from, doc.length - to);
            return out;
        }
    }

    /** Removes one field of one object, anywhere in the tree. No-op once the bytes are not JSON. */
    record RemoveField(int object, int field) implements Mutation {
        public byte[] apply(byte[] doc) {
            return onField(doc, object, field, (node, name) -> node.remove(name));
        }
    }

    /** Sets one field of one object to a value of another type or a near miss. */
    record SetValue(int object, int field, int value) implements Mutation {
        public byte[] apply(byte[] doc) {
            JsonNode replacement = Docs.parse("{\"v\":" + VALUES.get(value % VALUES.size()) + "}").get("v");
            return onField(doc, object, field, (node, name) -> node.set(name, replacement));
        }
    }

    interface FieldEdit {
        void edit(ObjectNode node, String name);
    }

    static byte[] onField(byte[] doc, int object, int field, FieldEdit edit) {
        JsonNode tree;
        try {
            tree = Docs.JSON.readTree(doc);
        } catch (IOException e) {
            return doc;
        }
        List<ObjectNode> objects = new ArrayList<>();
        collect(tree, objects);
        if (objects.isEmpty()) {
            return doc;
        }
        ObjectNode node = objects.get(object % objects.size());
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        if (!names.isEmpty()) {
            edit.edit(node, names.get(field % names.size()));
        }
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            out.add((ObjectNode) node);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), out);
        }
    }

    @Provide
    Arbitrary<Mutation> anyMutation() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 100_000);
        return Arbitraries.oneOf(
                at.map(Truncate::new),
                Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8)).as(Insert::new),
                Combinators.combine(at, Arbitraries.bytes()).as(Replace::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 40)).as(DeleteSpan::new),
                structuralMutation());
    }

    @Provide
    Arbitrary<Mutation> structuralMutation() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 1_000);
        return Arbitraries.oneOf(
                Combinators.combine(index, index).as(RemoveField::new),
                Combinators.combine(index, index, index).as(SetValue::new));
    }

    @Provide
    Arbitrary<String> document() {
        ObjectNode snapshot = Docs.snapshot();
        Docs.element(snapshot, "users", 0).put("appTotpSecret", Docs.SECRET);
        return Arbitraries.of(snapshot.toString(), DELTA);
    }

    private static SyncResult readMutated(String document, List<Mutation> mutations) {
        byte[] doc = document.getBytes(StandardCharsets.UTF_8);
        for (Mutation m : mutations) {
            doc = m.apply(doc);
        }
        SyncBase base = document.contains("\"delta\"") ? MemoryBase.afterExampleSnapshot() : MemoryBase.empty();
        return Docs.read(doc, base);
    }

    @Property(tries = 2000)
    void anyMutationGivesAValueWithAMessage(@ForAll("document") String document,
            @ForAll @Size(min = 1, max = 4) List<@From("anyMutation") Mutation> mutations) {
        SyncResult result = readMutated(document, mutations);
        assertNotNull(result);
        Statistics.collect(outcome(result));
        if (result instanceof SyncResult.Rejected rejected) {
            assertNotNull(rejected.rejection());
            assertNotNull(rejected.rejection().path());
            assertNotNull(rejected.rejection().problem());
            assertFalse(rejected.rejection().problem().isBlank());
        }
    }

    @Property(tries = 1000)
    void structuralMutationsNeverEchoAnAccountCodeOrSecret(@ForAll("document") String document,
            @ForAll @Size(min = 1, max = 3) List<@From("structuralMutation") Mutation> mutations) {
        SyncResult result = readMutated(document, mutations);
        if (result instanceof SyncResult.Rejected rejected) {
            String message = rejected.rejection().message();
            for (String secret : SECRETS) {
                assertFalse(message.contains(secret), message);
            }
        }
    }

    /** The kind of outcome, numbers and quoted values blanked, for jqwik's statistics report. */
    private static String outcome(SyncResult result) {
        if (result instanceof SyncResult.Rejected rejected) {
            return rejected.rejection().problem().replaceAll("[0-9]+", "N").replaceAll("\".*\"", "Q");
        }
        return "valid";
    }
}
