package org.smartbox.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Writes a snapshot as large as the biggest boxes get: 50,000 users, 500 keys, 200,000 accesses. */
final class LargeDocument {

    static final int USERS = 50_000;
    static final int KEYS = 500;
    static final int ACCESSES = 200_000;

    private LargeDocument() {
    }

    /** A valid snapshot for a box with {@code slots} >= {@link #KEYS} slots. */
    static void write(OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("{\"schema\":1,\"type\":\"snapshot\",\"boxId\":\"SB-BIG\",\"version\":1,\n\"users\":[\n");
        for (int i = 0; i < USERS; i++) {
            w.write((i == 0 ? "" : ",\n") + "{\"id\":\"user-" + i + "\",\"name\":\"Person Number " + i
                    + "\",\"mobile\":\"+1555" + (1_000_000 + i) + "\",\"accountCode\":\""
                    + (10_000_000 + i) + "\",\"security\":{\"login2fa\":true,\"keyPickups2fa\":" + (i % 2 == 0)
                    + ",\"guestPickups2fa\":true},\"extra\":{\"crm\":\"" + "c".repeat(40) + "\"}}");
        }
        w.write("],\n\"keys\":[\n");
        for (int i = 0; i < KEYS; i++) {
            w.write((i == 0 ? "" : ",\n") + "{\"id\":\"key-" + i + "\",\"ownerId\":\"user-" + i
                    + "\",\"label\":\"Unit " + i + "\",\"slot\":" + (i + 1) + "}");
        }
        w.write("],\n\"accesses\":[\n");
        for (int i = 0; i < ACCESSES; i++) {
            w.write((i == 0 ? "" : ",\n") + "{\"id\":\"access-" + i + "\",\"keyId\":\"key-" + (i % KEYS)
                    + "\",\"userId\":\"user-" + (i % USERS) + "\",\"validFrom\":\"2026-11-27T00:00:00Z\""
                    + ",\"validUntil\":\"2026-12-27T00:00:00+01:00\",\"maxPickups\":" + (1 + i % 5) + "}");
        }
        w.write("]}\n");
        w.flush();
    }
}
