package org.smartbox.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Breaks sync documents the ways the network, a buggy cloud or an attacker would: bytes cut,
 * inserted, replaced or repeated; fields removed, renamed, duplicated or given values of the wrong
 * type and near misses of the right one; whole documents of random bytes or random JSON.
 */
final class Mutator {

    /** Values a field may be set to: every JSON type, near misses of real values, hostile sizes and text. */
    private static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1", "2", "1.5", "7.0",
            "12", "13", "500", "-0", "1e3", "1e400", "99999999999999999999999", "9223372036854775808", "\"\"", "\" \"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":{}}", "[null]",
            "\"2026-11-27T00:00:00\"", "\"2026-11-27T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
            "\"+99999-01-01T00:00:00Z\"", "\"2026-11-27T00:00:00+25:00\"", "\"+0555\"", "\"+15550000001\"",
            "\"+1555000000\"", "\"5550000001\"", "\"481516\"", "\"0481\"", "\"1234567890\"", "\"abc\"",
            "\"u-olivia\"", "\"u-gus\"", "\"k-4b\"", "\"a-1\"", "\"snapshot\"", "\"delta\"", "\"grant\"",
            "\"SB-DEMO\"", "\"SB-OTHER\"", "\"\\u0000\"", "\"\\ud800\"", "\"line\\nbreak\"", "\"|pipe|\"",
            "\"JBSWY3DPEHPK3PXP\"", "\"jbswy3dpehpk3pxpjbswy3dpehpk3pxp\"", "\"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX=\"");
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "NaN",
            "-", "1e999999", "\u0000", "\\ud800", "\ufeff", "/*", "//", "'", "\u00e9", "\u0301");

    private final Random r;

    Mutator(Random r) {
        this.r = r;
    }

    /** One to four mutations of a document's bytes or structure. */
    byte[] mutate(byte[] doc) {
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            doc = r.nextInt(3) == 0 ? bytes(doc) : structure(doc);
        }
        return doc;
    }

    /** Something that is hardly a document at all. */
    byte[] garbage() {
        return switch (r.nextInt(6)) {
            case 0 -> {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                yield b;
            }
            case 1 -> randomJson(0).toString().getBytes(StandardCharsets.UTF_8);
            case 2 -> ("[".repeat(r.nextInt(5000)) + "]".repeat(r.nextInt(5000))).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"schema\":1,\"type\":\"delta\",\"boxId\":\"SB-DEMO\",\"x\":\"" + "a".repeat(70_000 + r.nextInt(10))
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            case 4 -> TOKENS.get(r.nextInt(TOKENS.size())).repeat(1 + r.nextInt(50)).getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    private byte[] bytes(byte[] doc) {
        int len = doc.length;
        int at = r.nextInt(len + 1);
        switch (r.nextInt(6)) {
            case 0:
                return Arrays.copyOf(doc, at);
            case 1: {
                byte[] insert = r.nextBoolean() ? TOKENS.get(r.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8)
                        : randomBytes(1 + r.nextInt(8));
                return splice(doc, at, 0, insert);
            }
            case 2: {
                if (len == 0) {
                    return doc;
                }
                byte[] out = doc.clone();
                out[Math.min(at, len - 1)] = (byte) r.nextInt(256);
                return out;
            }
            case 3:
                return splice(doc, at, Math.min(len - at, 1 + r.nextInt(40)), new byte[0]);
            case 4: {
                int span = Math.min(len - at, 1 + r.nextInt(60));
                return splice(doc, at, 0, Arrays.copyOfRange(doc, at, at + span));
            }
            default: {
                if (len == 0) {
                    return doc;
                }
                byte[] out = doc.clone();
                int i = Math.min(at, len - 1);
                out[i] = (byte) (out[i] ^ (1 << r.nextInt(8)));
                return out;
            }
        }
    }

    private byte[] structure(byte[] doc) {
        JsonNode tree;
        try {
            tree = DemoModel.JSON.readTree(doc);
        } catch (IOException e) {
            return bytes(doc);
        }
        if (tree == null) {
            return doc;
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        if (containers.isEmpty()) {
            return doc;
        }
        JsonNode target = containers.get(r.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(r.nextInt(names.size()));
            switch (r.nextInt(5)) {
                case 0 -> object.remove(name);
                case 1 -> {
                    JsonNode value = object.remove(name);
                    object.set(r.nextBoolean() ? name.toUpperCase(java.util.Locale.ROOT) : name + " ", value);
                }
                case 2 -> {
                    String other = names.get(r.nextInt(names.size()));
                    JsonNode a = object.get(name);
                    object.set(name, object.get(other));
                    object.set(other, a);
                }
                default -> object.set(name, value());
            }
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            int i = r.nextInt(array.size());
            switch (r.nextInt(4)) {
                case 0 -> array.remove(i);
                case 1 -> array.add(array.get(i).deepCopy());
                case 2 -> array.set(i, value());
                default -> array.insert(r.nextInt(array.size() + 1), array.get(i).deepCopy());
            }
        } else if (target instanceof ObjectNode object) {
            object.set("id", value());
        }
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode value() {
        try {
            return DemoModel.JSON.readTree("{\"v\":" + VALUES.get(r.nextInt(VALUES.size())) + "}").get("v");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode randomJson(int depth) {
        int kind = depth > 4 ? r.nextInt(3) : r.nextInt(5);
        return switch (kind) {
            case 0 -> value();
            case 1 -> DemoModel.JSON.getNodeFactory().textNode(new String(randomBytes(r.nextInt(20)),
                    StandardCharsets.ISO_8859_1));
            case 2 -> DemoModel.JSON.getNodeFactory().numberNode(r.nextLong());
            case 3 -> {
                ArrayNode a = DemoModel.JSON.createArrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(randomJson(depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = DemoModel.JSON.createObjectNode();
                List<String> names = List.of("schema", "type", "boxId", "version", "baseVersion", "users", "keys",
                        "accesses", "upsert", "delete", "id", "slot", "x");
                for (int i = r.nextInt(6); i > 0; i--) {
                    o.set(names.get(r.nextInt(names.size())), randomJson(depth + 1));
                }
                yield o;
            }
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] splice(byte[] doc, int at, int remove, byte[] insert) {
        byte[] out = new byte[doc.length - remove + insert.length];
        System.arraycopy(doc, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(doc, at + remove, out, at + insert.length, doc.length - at - remove);
        return out;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), out);
        }
    }
}
