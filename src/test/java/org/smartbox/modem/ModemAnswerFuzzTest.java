package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.smartbox.kiosk.GatewayChain;

/**
 * Whatever bytes a modem answers, in whatever pieces: the AT session ends each exchange with a
 * result or a typed {@link AtException} whose message is one printable line, and what reaches the
 * audit log after {@link GatewayChain#redact} never holds the number or the one-time code, even when
 * the modem echoes them back inside an error.
 */
class ModemAnswerFuzzTest {

    private static final Duration WAIT = Duration.ofMillis(25);
    private static final String NUMBER = "+15557310066";
    private static final String CODE = "493817";
    private static final String TEXT = "SmartBox code " + CODE + ". It expires in 5 minutes.";

    /** Pieces a modem really sends, and raw bytes of any value between them. */
    @Provide
    Arbitrary<List<String>> answers() {
        Arbitrary<String> known = Arbitraries.of("OK", "\r\n", "\r", "\n", "> ", ">", "ERROR", "+CSQ: 17,99",
                "+CMGS: 12", "+CMGS: abc", "+CME ERROR: 10", "+CMS ERROR: 500", "+CMS ERROR: " + NUMBER,
                "+CME ERROR: " + CODE, "AT+CMGS=\"" + NUMBER + "\"", TEXT, "\u001a", "RING", "+CMTI: \"SM\",1",
                "+CSQ:", "OK\r\n", "\r\nOK\r\n", "+CMGS: 123456");
        Arbitrary<String> raw = Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30);
        return Arbitraries.frequencyOf(Tuple.of(3, known), Tuple.of(1, raw))
                .list().ofMaxSize(14);
    }

    /** A session whose modem answers every write with {@code answer}, split into random pieces. */
    private static AtSession modem(String answer, long seed) {
        AtSession session = new AtSession(WAIT);
        Random random = new Random(seed);
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        session.attach(new ModemLink() {
            private boolean answered;

            @Override
            public void write(byte[] written) {
                if (answered) {
                    return;
                }
                answered = true;
                int at = 0;
                while (at < bytes.length) {
                    int n = 1 + random.nextInt(Math.min(8, bytes.length - at));
                    byte[] piece = new byte[n];
                    System.arraycopy(bytes, at, piece, 0, n);
                    session.received(piece, n);
                    at += n;
                }
            }

            @Override
            public void close() {
            }
        });
        return session;
    }

    private static void assertOnePrintableLine(String message) {
        assertTrue(message != null && !message.isEmpty(), "a failure says what went wrong");
        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c >= 0xa0), "printable: " + message);
        assertTrue(message.length() <= 200, "short: " + message);
    }

    @Property(tries = 300)
    void aCommandEndsInItsAnswerOrATypedFailure(@ForAll("answers") List<String> answer, @ForAll long seed) {
        AtSession session = modem(String.join("", answer), seed);
        try {
            List<String> info = session.command("AT+CSQ", "+CSQ:", WAIT);
            for (String line : info) {
                assertTrue(line.startsWith("+CSQ:"), "only the asked-for lines come back: " + line);
                assertFalse(line.contains("\r") || line.contains("\n"), "one line each");
            }
        } catch (AtException e) {
            assertOnePrintableLine(e.getMessage());
        }
    }

    @Property(tries = 300)
    void aMessageEndsInAReferenceOrAFailureThatLeaksNothing(@ForAll("answers") List<String> answer,
                                                             @ForAll long seed) {
        AtSession session = modem(String.join("", answer), seed);
        try {
            String reference = session.sendText(NUMBER, TEXT.getBytes(StandardCharsets.US_ASCII), WAIT,
                    System.nanoTime() + 3 * WAIT.toNanos());
            assertTrue(reference.matches("[0-9]{1,5}"), "a message reference: " + reference);
        } catch (AtException e) {
            assertOnePrintableLine(e.getMessage());
            String audited = GatewayChain.redact("modem: " + e.getMessage(), NUMBER, TEXT);
            assertFalse(audited.contains(CODE), audited);
            assertFalse(audited.contains("5557310066"), audited);
            assertFalse(audited.contains("7310066"), audited);
        }
    }
}
