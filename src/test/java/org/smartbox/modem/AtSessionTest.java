package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The AT session alone, over a link whose "modem" is a function from each written chunk to the
 * bytes it answers (handed over in the smallest pieces, to catch assumptions about chunking).
 */
class AtSessionTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    private final List<String> written = new ArrayList<>();
    private final AtSession session = new AtSession();

    /** A link that answers each write at once, byte by byte. */
    private void modem(Function<String, String> answer) {
        session.attach(new ModemLink() {
            @Override
            public void write(byte[] bytes) {
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                written.add(text);
                feedByteByByte(answer.apply(text));
            }

            @Override
            public void close() {
            }
        });
    }

    private void feedByteByByte(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : bytes) {
            session.received(new byte[] {b}, 1);
        }
    }

    @Test
    void okEndsACommandAndOnlyLinesWithTheExpectedPrefixAreInformation() throws Exception {
        modem(cmd -> "AT+CSQ\r\r\n+CMTI: \"SM\",1\r\n\r\n+CSQ: 17,99\r\n\r\nRING\r\n\r\nOK\r\n");

        assertEquals(List.of("+CSQ: 17,99"), session.command("AT+CSQ", "+CSQ:", SHORT));
        assertEquals(List.of("AT+CSQ\r"), written);
    }

    @Test
    void linesMayBeEndedByCrOrLfAloneAndSplitAnywhere() throws Exception {
        modem(cmd -> "\n+CPIN: READY\rOK\n");
        assertEquals(List.of("+CPIN: READY"), session.command("AT+CPIN?", "+CPIN:", SHORT));
    }

    @Test
    void errorResultsBecomeErrorsWithTheirCode() {
        modem(cmd -> "\r\n+CME ERROR: 10\r\n");
        AtException e = assertThrows(AtException.class, () -> session.command("AT+CPIN?", "+CPIN:", SHORT));
        assertEquals(AtException.Kind.ERROR, e.kind());
        assertEquals(ModemError.Problem.SIM_MISSING, e.error().orElseThrow().problem());
        assertEquals("no SIM card in the modem (+CME ERROR: 10)", e.getMessage());
    }

    @Test
    void noAnswerIsATimeoutWithinTheBound() {
        modem(cmd -> "");
        long start = System.nanoTime();
        AtException e = assertThrows(AtException.class, () -> session.command("AT", null, SHORT));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(AtException.Kind.TIMEOUT, e.kind());
        assertEquals("modem did not answer AT within 0.3 s", e.getMessage());
        assertTrue(millis >= 290 && millis < 2000, millis + " ms");
    }

    @Test
    void anOkThatCameBeforeTheCommandIsNotItsAnswer() throws Exception {
        modem(cmd -> "\r\n+CSQ: 9,99\r\n\r\nOK\r\n");
        feedByteByByte("\r\nOK\r\n\r\n+CSQ: 31,99\r\n");

        assertEquals(List.of("+CSQ: 9,99"), session.command("AT+CSQ", "+CSQ:", SHORT));
    }

    @Test
    void textModeMessageWaitsForThePromptThenSendsTextAndCtrlZ() throws Exception {
        modem(chunk -> chunk.startsWith("AT+CMGS") ? "\r\n> " : "\r\n+CMGS: 77\r\n\r\nOK\r\n");

        String ref = session.sendText("+15550000002", "hello".getBytes(StandardCharsets.US_ASCII), SHORT,
                System.nanoTime() + SHORT.toNanos());
        assertEquals("77", ref);
        assertEquals(List.of("AT+CMGS=\"+15550000002\"\r", "hello\u001a"), written);
    }

    @Test
    void aGreaterThanInsideALineIsNoPrompt() {
        modem(chunk -> chunk.startsWith("AT+CMGS") ? "\r\nxx> yy\r\n" : "");

        AtException e = assertThrows(AtException.class, () -> session.sendText("+15550000002", new byte[] {'x'},
                SHORT, System.nanoTime() + SHORT.toNanos()));
        assertEquals(AtException.Kind.TIMEOUT, e.kind());
        assertEquals(List.of("AT+CMGS=\"+15550000002\"\r", "\u001b"), written, "no text after a fake prompt; ESC");
    }

    @Test
    void okWithoutAMessageReferenceIsAProtocolError() {
        modem(chunk -> chunk.startsWith("AT+CMGS") ? "\r\n> " : "\r\nOK\r\n");

        AtException e = assertThrows(AtException.class, () -> session.sendText("+15550000002", new byte[] {'x'},
                SHORT, System.nanoTime() + SHORT.toNanos()));
        assertEquals(AtException.Kind.PROTOCOL, e.kind());
    }

    @Test
    void overlongLinesAreNoise() throws Exception {
        String flood = "9".repeat(AtSession.MAX_LINE * 3);
        modem(cmd -> flood + "OK\r\n\r\nOK\r\n");

        assertEquals(List.of(), session.command("AT", null, SHORT));
        assertTrue(session.ignoredCount() >= 1);
    }

    @Test
    void aBrokenLinkEndsTheWaitAtOnce() {
        modem(cmd -> "");
        new Thread(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            session.failed("modem port /dev/ttyUSB2 is gone");
        }).start();
        long start = System.nanoTime();
        AtException e = assertThrows(AtException.class, () -> session.command("AT", null, Duration.ofSeconds(10)));
        assertEquals(AtException.Kind.LINK, e.kind());
        assertEquals("modem port /dev/ttyUSB2 is gone", e.getMessage());
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void aFailingWriteIsALinkFailure() {
        session.attach(new ModemLink() {
            @Override
            public void write(byte[] bytes) throws IOException {
                throw new IOException("modem port /dev/ttyUSB2 failed: Input/output error");
            }

            @Override
            public void close() {
            }
        });
        AtException e = assertThrows(AtException.class, () -> session.command("AT", null, SHORT));
        assertEquals(AtException.Kind.LINK, e.kind());
        assertEquals("modem port /dev/ttyUSB2 failed: Input/output error", session.broken());
    }

    @Test
    void thePinIsNotInTheTimeoutMessage() {
        modem(cmd -> "");
        AtException e = assertThrows(AtException.class,
                () -> session.command("AT+CPIN=\"2580\"", "AT+CPIN=\"****\"", null, SHORT));
        assertEquals("modem did not answer AT+CPIN=\"****\" within 0.3 s", e.getMessage());
    }
}
