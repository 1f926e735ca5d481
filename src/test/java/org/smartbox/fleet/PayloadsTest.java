package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.store.AuditRecord;

/** The JSON on the wire, as the README shows it. */
class PayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-28T12:00:05Z");

    @Test
    void eventCarriesBoxSeqTimeTypeFieldsAndHash() throws IOException {
        AuditRecord record = new AuditRecord(42, AT, AuditEvent.of(AuditType.PICKUP, "user", "u-gus", "key", "k-4b",
                "slot", 3, "factor", "SMS"), new byte[32]);
        byte[] payload = Payloads.event("SB-DEMO", record);
        assertEquals("{\"box\":\"SB-DEMO\",\"seq\":42,\"at\":\"2026-11-28T12:00:05Z\",\"type\":\"PICKUP\","
                + "\"fields\":{\"user\":\"u-gus\",\"key\":\"k-4b\",\"slot\":\"3\",\"factor\":\"SMS\"},\"hash\":\""
                + "0".repeat(64) + "\"}", new String(payload, StandardCharsets.UTF_8));
        Payloads.EventMessage back = Payloads.parseEvent(payload);
        assertEquals("SB-DEMO 42 2026-11-28T12:00:05Z PICKUP user=u-gus key=k-4b slot=3 factor=SMS", back.line());
    }

    @Test
    void resultsSayAppliedOrWhereTheDocumentWentWrong() throws IOException {
        JsonNode applied = JSON.readTree(Payloads.applied(8, "ab", false));
        assertEquals("applied", applied.get("status").asText());
        assertEquals(8, applied.get("version").asLong());
        JsonNode rejected = JSON.readTree(Payloads.rejected("baseVersion", "baseVersion: 5 does not match", 7, true,
                "cd"));
        assertEquals("rejected", rejected.get("status").asText());
        assertEquals("baseVersion", rejected.get("path").asText());
        assertEquals(7, rejected.get("currentVersion").asLong());
        assertTrue(rejected.get("needSnapshot").asBoolean());
        Payloads.SyncResult parsed = Payloads.parseResult(Payloads.rejected("users[2].mobile", "m", 7, false, "ef"));
        assertEquals("users[2].mobile", parsed.path());
        assertEquals("ef", parsed.sha256());
    }

    @Test
    void statusAndWill() throws IOException {
        JsonNode status = JSON.readTree(Payloads.status(new Payloads.Status("SB-DEMO", "online", 7, AT, 12, "0.1.0",
                AT)));
        assertEquals("online", status.get("state").asText());
        assertEquals(12, status.get("backlog").asLong());
        assertEquals("2026-11-28T12:00:05Z", status.get("lastSync").asText());
        assertEquals("offline", Payloads.statusState(Payloads.lostStatus("SB-DEMO")).orElseThrow());
    }

    @Test
    void smsAckAndGarbage() throws IOException {
        Payloads.SmsAck ack = Payloads.parseSmsAck(Payloads.smsAck("sms-1", false, "no_credit"));
        assertEquals("sms-1", ack.id());
        assertEquals("no_credit", ack.reason());
        assertThrows(IOException.class, () -> Payloads.parseSmsAck("[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> Payloads.parseEvent("{\"box\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> Payloads.parseResult("not json".getBytes(StandardCharsets.UTF_8)));
    }
}
