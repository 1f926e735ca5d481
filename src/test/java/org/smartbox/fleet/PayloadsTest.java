package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void eventCarriesBoxStreamSeqTimeTypeFieldsAndHash() throws IOException {
        AuditRecord record = new AuditRecord(42, AT, AuditEvent.of(AuditType.PICKUP, "user", "u-gus", "key", "k-4b",
                "slot", 3, "factor", "SMS"), new byte[32]);
        byte[] payload = Payloads.event("SB-DEMO", "5eed", record);
        assertEquals("{\"box\":\"SB-DEMO\",\"stream\":\"5eed\",\"seq\":42,\"at\":\"2026-11-28T12:00:05Z\",\"type\":\"PICKUP\","
                + "\"fields\":{\"user\":\"u-gus\",\"key\":\"k-4b\",\"slot\":\"3\",\"factor\":\"SMS\"},\"hash\":\""
                + "0".repeat(64) + "\"}", new String(payload, StandardCharsets.UTF_8));
        Payloads.EventMessage back = Payloads.parseEvent(payload);
        assertEquals("5eed", back.stream());
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
    void statusCarriesTheNewestSequenceNumberAndTheWillSaysOffline() throws IOException {
        JsonNode status = JSON.readTree(Payloads.status(new Payloads.Status("SB-DEMO", "online", 7, AT, 12, "5eed",
                41, "0.1.0", AT, null)));
        assertEquals("online", status.get("state").asText());
        assertEquals(12, status.get("backlog").asLong());
        assertEquals(41, status.get("seq").asLong());
        assertEquals("5eed", status.get("stream").asText());
        assertTrue(status.path("reason").isMissingNode());
        assertEquals("2026-11-28T12:00:05Z", status.get("lastSync").asText());
        assertEquals("offline", Payloads.statusState(Payloads.lostStatus("SB-DEMO")).orElseThrow());
    }

    /** SPEC §12: the status says the clock is behind the time floor while it is, and nothing otherwise. */
    @Test
    void statusSaysAClockBehindTheTimeFloor() throws IOException {
        JsonNode behind = JSON.readTree(Payloads.status(new Payloads.Status("SB-DEMO", "online", 7, AT, 0, "5eed",
                41, "0.1.0", AT, null, true)));
        assertEquals("behind", behind.get("clock").asText());
        JsonNode fine = JSON.readTree(Payloads.status(new Payloads.Status("SB-DEMO", "online", 7, AT, 0, "5eed",
                41, "0.1.0", AT, null, false)));
        assertTrue(fine.path("clock").isMissingNode());
    }

    @Test
    void anSmsAckCountsAsSentOnlyWhenItSaysSent() throws IOException {
        assertTrue(Payloads.parseSmsAck(Payloads.smsAck("sms-1", true, null)).sent());
        assertFalse(Payloads.parseSmsAck("{\"id\":\"sms-1\"}".getBytes(StandardCharsets.UTF_8)).sent(),
                "no status is no confirmation");
        assertFalse(Payloads.parseSmsAck("{\"id\":\"sms-1\",\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8))
                .sent());
        assertFalse(Payloads.parseSmsAck("{\"id\":\"sms-1\",\"status\":true}".getBytes(StandardCharsets.UTF_8))
                .sent());
    }

    @Test
    void aPartRoundTripsAndEachBadFieldIsNamed() throws IOException {
        byte[] data = {1, 2, 3, (byte) 0xFF};
        String sha = "a".repeat(64);
        Payloads.Part back = Payloads.parsePart(Payloads.part(new Payloads.Part("SB-DEMO", sha, 2, 3, data)));
        assertEquals("SB-DEMO", back.boxId());
        assertEquals(2, back.index());
        assertEquals(3, back.count());
        assertArrayEquals(data, back.data());
        assertTrue(Payloads.isPart(Payloads.part(back)));
        assertFalse(Payloads.isPart("{\"schema\":1,\"type\":\"delta\"}".getBytes(StandardCharsets.UTF_8)));
        String good = "\"schema\":1,\"type\":\"part\",\"boxId\":\"SB-DEMO\",\"sha256\":\"" + sha + "\"";
        assertEquals("index: must be an integer from 0 to count-1 (2)", assertThrows(IOException.class,
                () -> Payloads.parsePart(("{" + good + ",\"index\":3,\"count\":3,\"data\":\"AQ==\"}")
                        .getBytes(StandardCharsets.UTF_8))).getMessage());
        assertTrue(assertThrows(IOException.class, () -> Payloads.parsePart(("{" + good
                + ",\"index\":0,\"count\":3,\"data\":\"**\"}").getBytes(StandardCharsets.UTF_8))).getMessage()
                .startsWith("data:"));
        assertTrue(assertThrows(IOException.class, () -> Payloads.parsePart(("{\"schema\":1,\"type\":\"part\","
                + "\"boxId\":\"SB-DEMO\",\"sha256\":\"XYZ\",\"index\":0,\"count\":1,\"data\":\"AQ==\"}")
                .getBytes(StandardCharsets.UTF_8))).getMessage().startsWith("sha256:"));
        assertTrue(assertThrows(IOException.class, () -> Payloads.parsePart(("{" + good
                + ",\"index\":0,\"count\":0,\"data\":\"AQ==\"}").getBytes(StandardCharsets.UTF_8))).getMessage()
                .startsWith("count:"));
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
