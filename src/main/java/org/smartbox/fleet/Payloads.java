package org.smartbox.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.smartbox.store.AuditRecord;
import org.smartbox.sync.SyncWarning;

/**
 * The JSON the box and the operator commands exchange over MQTT, written and read in one place so
 * both sides agree. The README shows an example of each.
 */
public final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    // ---- events ----

    /**
     * One audit event as it leaves the outbox: {@code {"box","stream","seq","at","type","fields","hash"}}.
     * {@code stream} names the box's audit log: a new one (a replaced database) starts its {@code seq} over.
     */
    public record EventMessage(String box, String stream, long seq, Instant at, String type,
                               Map<String, String> fields, String hash) {

        /** {@code SB-DEMO 42 2026-11-28T12:00:05Z PICKUP user=u-gus ...}: the box, then an audit line. */
        public String line() {
            StringBuilder sb = new StringBuilder(box).append(' ').append(seq).append(' ').append(at).append(' ')
                    .append(type);
            fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            return sb.toString();
        }
    }

    public static byte[] event(String box, String stream, AuditRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("box", box);
        node.put("stream", stream);
        node.put("seq", record.seq());
        node.put("at", record.at().toString());
        node.put("type", record.type());
        ObjectNode fields = node.putObject("fields");
        record.event().fields().forEach(fields::put);
        node.put("hash", HexFormat.of().formatHex(record.hash()));
        return bytes(node);
    }

    public static EventMessage parseEvent(byte[] payload) throws IOException {
        JsonNode node = object(payload);
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode f = node.path("fields");
        for (Map.Entry<String, JsonNode> e : f.properties()) {
            fields.put(e.getKey(), e.getValue().asText());
        }
        if (!node.path("box").isTextual() || !node.path("seq").canConvertToLong() || !node.path("type").isTextual()) {
            throw new IOException("not an event: box, seq and type are required");
        }
        Instant at;
        try {
            at = Instant.parse(node.path("at").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("not an event: bad \"at\"");
        }
        return new EventMessage(node.get("box").asText(), node.path("stream").asText(""), node.get("seq").asLong(), at,
                node.get("type").asText(), fields, node.path("hash").asText(""));
    }

    // ---- sync results ----

    /** What the box answered to one sync document; {@code sha256} names the document (hex of its bytes). */
    public record SyncResult(String status, long version, String path, String message, long currentVersion,
                             boolean needSnapshot, String sha256, boolean duplicate) {

        public boolean applied() {
            return "applied".equals(status);
        }
    }

    public static byte[] applied(long version, String sha256, boolean duplicate) {
        return applied(version, sha256, duplicate, List.of());
    }

    /** With {@code warnings} (a mobile number shared), each as its path and message: applied all the same. */
    public static byte[] applied(long version, String sha256, boolean duplicate, List<SyncWarning> warnings) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", "applied");
        node.put("version", version);
        if (duplicate) {
            node.put("duplicate", true);
        }
        if (!warnings.isEmpty()) {
            ArrayNode list = node.putArray("warnings");
            warnings.forEach(w -> list.addObject().put("kind", w.kind()).put("path", w.path())
                    .put("message", w.message()));
        }
        node.put("sha256", sha256);
        return bytes(node);
    }

    public static byte[] rejected(String path, String message, long currentVersion, boolean needSnapshot,
                                  String sha256) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", "rejected");
        node.put("path", path);
        node.put("message", message);
        node.put("currentVersion", currentVersion);
        node.put("needSnapshot", needSnapshot);
        node.put("sha256", sha256);
        return bytes(node);
    }

    /** The box could not process the document at all (its store failed, it is shutting down, it is busy). */
    public static byte[] failed(String message, String sha256) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", "failed");
        node.put("message", message);
        node.put("sha256", sha256);
        return bytes(node);
    }

    /** The messages of the warnings in a sync result ("applied", but two users share a mobile). */
    public static List<String> warnings(byte[] payload) throws IOException {
        List<String> messages = new java.util.ArrayList<>();
        object(payload).path("warnings").forEach(w -> messages.add(w.path("message").asText("")));
        return messages;
    }

    public static SyncResult parseResult(byte[] payload) throws IOException {
        JsonNode node = object(payload);
        if (!node.path("status").isTextual()) {
            throw new IOException("not a sync result: no status");
        }
        return new SyncResult(node.get("status").asText(), node.path("version").asLong(0),
                node.path("path").asText(""), node.path("message").asText(""), node.path("currentVersion").asLong(0),
                node.path("needSnapshot").asBoolean(false), node.path("sha256").asText(""),
                node.path("duplicate").asBoolean(false));
    }

    // ---- status ----

    /**
     * The retained status: {@code state} is {@code online} or {@code offline}; {@code seq} is the newest
     * audit entry of the box's event stream {@code stream} (-1 before the first), so a consumer can
     * tell what it has yet to receive; {@code reason} says why a box went offline, when it knows.
     */
    /** {@code clockBehind}: the wall clock is behind the box's time floor (SPEC §12); said until it catches up. */
    public record Status(String box, String state, long version, Instant lastSync, long backlog, String stream,
                         long seq, String software, Instant at, String reason, boolean clockBehind) {

        public Status(String box, String state, long version, Instant lastSync, long backlog, String stream,
                      long seq, String software, Instant at, String reason) {
            this(box, state, version, lastSync, backlog, stream, seq, software, at, reason, false);
        }
    }

    public static byte[] status(Status s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("box", s.box());
        node.put("state", s.state());
        node.put("version", s.version());
        node.put("lastSync", s.lastSync() == null ? null : s.lastSync().toString());
        node.put("backlog", s.backlog());
        node.put("stream", s.stream());
        node.put("seq", s.seq());
        node.put("software", s.software());
        node.put("at", s.at().toString());
        if (s.reason() != null) {
            node.put("reason", s.reason());
        }
        if (s.clockBehind()) {
            node.put("clock", "behind");
        }
        return bytes(node);
    }

    /** The fields of a status message that the operator commands use. */
    public record StatusView(String box, String state, long version, String stream, long seq, String at,
                             String reason) {
    }

    /** A status message, or empty when the payload is not one. */
    public static Optional<StatusView> parseStatus(byte[] payload) {
        try {
            JsonNode node = object(payload);
            if (!node.path("state").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new StatusView(node.path("box").asText(""), node.get("state").asText(),
                    node.path("version").asLong(-1), node.path("stream").asText(""), node.path("seq").asLong(-1),
                    node.path("at").asText(""), node.path("reason").asText("")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last will: the broker publishes it when the box vanishes without saying goodbye, or crashes. */
    public static byte[] lostStatus(String box) {
        ObjectNode node = JSON.createObjectNode();
        node.put("box", box);
        node.put("state", "offline");
        node.put("reason", "connection lost");
        return bytes(node);
    }

    /** The {@code state} of a status message, or empty when it is not one. */
    public static Optional<String> statusState(byte[] payload) {
        try {
            JsonNode node = object(payload);
            return node.path("state").isTextual() ? Optional.of(node.get("state").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---- documents in parts (sync-format.md "Over MQTT: documents in parts") ----

    /** One part of a document too large for one message; {@code sha256} is the hex of the whole document. */
    public record Part(String boxId, String sha256, int index, int count, byte[] data) {
    }

    /** Parts per document at most: 34 MB in 192 KB parts is about 180; this leaves room for small limits. */
    public static final int MAX_PARTS = 100_000;
    private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    /** Room in a message for a part's JSON fields, the topic and the MQTT header, beside its data. */
    private static final int PART_OVERHEAD = 512;

    /**
     * A sync document as the messages that carry it to a box taking packets of at most {@code limit}
     * bytes: itself when it fits, else its parts in order, each with the SHA-256 {@code sha} of the whole.
     */
    public static java.util.List<byte[]> messages(Topics topics, byte[] document, String sha, long limit) {
        int topicBytes = topics.sync().length();
        if (document.length + topicBytes + PART_OVERHEAD <= limit) {
            return java.util.List.of(document);
        }
        int chunk = (int) ((limit - PART_OVERHEAD - topicBytes) / 4 * 3);
        int count = (document.length + chunk - 1) / chunk;
        java.util.List<byte[]> parts = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * chunk;
            byte[] data = java.util.Arrays.copyOfRange(document, from, Math.min(document.length, from + chunk));
            parts.add(part(new Part(topics.box(), sha, i, count, data)));
        }
        return parts;
    }

    public static byte[] part(Part p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schema", 1);
        node.put("type", "part");
        node.put("boxId", p.boxId());
        node.put("sha256", p.sha256());
        node.put("index", p.index());
        node.put("count", p.count());
        node.put("data", java.util.Base64.getEncoder().encodeToString(p.data()));
        return bytes(node);
    }

    /**
     * True when the message on the sync topic is a part ({@code "type":"part"} at the top), read
     * without building the whole document; whole documents go to the sync reader as they are.
     */
    public static boolean isPart(byte[] payload) {
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(payload)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                if (name.equals("type")) {
                    return value == com.fasterxml.jackson.core.JsonToken.VALUE_STRING && parser.getText().equals("part");
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** A part, checked field by field; the message of the exception is the reason, as a sync result says it. */
    public static Part parsePart(byte[] payload) throws IOException {
        JsonNode node = object(payload);
        if (!node.path("schema").isIntegralNumber() || node.get("schema").asLong() != 1) {
            throw new IOException("schema: must be the integer 1");
        }
        if (!node.path("boxId").isTextual()) {
            throw new IOException("boxId: is required");
        }
        String sha = node.path("sha256").asText("");
        if (!SHA256_HEX.matcher(sha).matches()) {
            throw new IOException("sha256: must be 64 lower-case hex digits (the SHA-256 of the whole document)");
        }
        JsonNode count = node.path("count");
        if (!count.isIntegralNumber() || !count.canConvertToInt() || count.asInt() < 1 || count.asInt() > MAX_PARTS) {
            throw new IOException("count: must be an integer from 1 to " + MAX_PARTS);
        }
        JsonNode index = node.path("index");
        if (!index.isIntegralNumber() || !index.canConvertToInt() || index.asInt() < 0
                || index.asInt() >= count.asInt()) {
            throw new IOException("index: must be an integer from 0 to count-1 (" + (count.asInt() - 1) + ")");
        }
        if (!node.path("data").isTextual()) {
            throw new IOException("data: is required (base64 of this part's bytes)");
        }
        byte[] data;
        try {
            data = java.util.Base64.getDecoder().decode(node.get("data").asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("data: is not base64");
        }
        if (data.length == 0) {
            throw new IOException("data: is empty");
        }
        return new Part(node.get("boxId").asText(), sha, index.asInt(), count.asInt(), data);
    }

    // ---- cloud SMS ----

    public static byte[] smsRequest(String id, String to, String text) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("to", to);
        node.put("text", text);
        return bytes(node);
    }

    /** The cloud's answer to one SMS request: {@code {"id":..,"status":"sent"|"failed","reason":..}}. */
    public record SmsAck(String id, boolean sent, String reason, String reference) {
    }

    public static SmsAck parseSmsAck(byte[] payload) throws IOException {
        JsonNode node = object(payload);
        if (!node.path("id").isTextual()) {
            throw new IOException("not an SMS acknowledgement: no id");
        }
        // Sent only when the cloud says so: an answer without "status":"sent" is a failure.
        boolean sent = node.path("status").isTextual() && node.get("status").asText().equals("sent");
        return new SmsAck(node.get("id").asText(), sent, node.path("reason").asText(""), node.path("ref").asText(""));
    }

    /** The ack the cloud sends (tests and cloud-side tools). */
    public static byte[] smsAck(String id, boolean sent, String reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("status", sent ? "sent" : "failed");
        if (reason != null) {
            node.put("reason", reason);
        }
        return bytes(node);
    }

    /** Pretty enough for a terminal, strict enough for a script: one line of JSON. */
    public static String oneLine(byte[] payload) throws IOException {
        return JSON.writeValueAsString(object(payload));
    }

    private static JsonNode object(byte[] payload) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IOException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        return node;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
