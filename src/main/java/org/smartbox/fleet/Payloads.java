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

    /** One audit event as it leaves the outbox: {@code {"box","seq","at","type","fields","hash"}}. */
    public record EventMessage(String box, long seq, Instant at, String type, Map<String, String> fields,
                               String hash) {

        /** {@code SB-DEMO 42 2026-11-28T12:00:05Z PICKUP user=u-gus ...}: the box, then an audit line. */
        public String line() {
            StringBuilder sb = new StringBuilder(box).append(' ').append(seq).append(' ').append(at).append(' ')
                    .append(type);
            fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            return sb.toString();
        }
    }

    public static byte[] event(String box, AuditRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("box", box);
        node.put("seq", record.seq());
        node.put("at", record.at().toString());
        node.put("type", record.event().type().name());
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
        return new EventMessage(node.get("box").asText(), node.get("seq").asLong(), at, node.get("type").asText(),
                fields, node.path("hash").asText(""));
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

    /** The retained status: {@code state} is {@code online} or {@code offline}. */
    public record Status(String box, String state, long version, Instant lastSync, long backlog, String software,
                         Instant at) {
    }

    public static byte[] status(Status s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("box", s.box());
        node.put("state", s.state());
        node.put("version", s.version());
        node.put("lastSync", s.lastSync() == null ? null : s.lastSync().toString());
        node.put("backlog", s.backlog());
        node.put("software", s.software());
        node.put("at", s.at().toString());
        return bytes(node);
    }

    /** The last will: the broker publishes it when the box vanishes without saying goodbye. */
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
        String status = node.path("status").asText("sent");
        return new SmsAck(node.get("id").asText(), status.equals("sent"), node.path("reason").asText(""),
                node.path("ref").asText(""));
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
