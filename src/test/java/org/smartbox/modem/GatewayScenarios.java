package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smartbox.config.ModemConfig;
import org.smartbox.hardware.SmsException;
import org.smartbox.kiosk.CodeMessage;

/**
 * The failures a modem gateway must survive, told once and run over two lines: in-memory pipes
 * ({@link MemoryGatewayTest}) and a real socat pty through jssc ({@link PtyGatewayTest}). Each send
 * must end in a reference or a clear reason, within its time bound, without the code in the reason.
 */
abstract class GatewayScenarios {

    static final String GUS = "+15550000002";
    static final String CODE = "318274";
    static final String TEXT = CodeMessage.text(CODE, Duration.ofMinutes(5));
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    static final Duration SEND_TIMEOUT = Duration.ofMillis(1500);
    /** Scheduling slack on a busy 2-core CI machine. */
    static final Duration SLACK = Duration.ofMillis(1500);

    protected final ModemEmulator emulator = new ModemEmulator();
    /**
     * How far the tests moved the gateway's clock ahead of real monotonic time. The gateway measures
     * its deadlines and back-off on that one clock: the waits on the modem still end in real time,
     * and the tests jump over a back-off without waiting for it.
     */
    protected final AtomicLong skew = new AtomicLong(1_000_000_000L);

    /** The gateway's ticker: real monotonic time plus the skew the tests add. */
    long ticker() {
        return System.nanoTime() + skew.get();
    }
    protected ModemGateway gateway;

    /** The port the gateway opens; the emulator is serving on its far side. */
    abstract ModemPort port();

    /** The line dies under the open link (pty closed, cable pulled). */
    abstract void hangUpLine();

    /** The port is back and the emulator answers on it again. */
    abstract void restoreLine() throws Exception;

    /** Each step's bound; a pty on a busy machine gets more. */
    Duration commandTimeout() {
        return COMMAND_TIMEOUT;
    }

    Duration sendTimeout() {
        return SEND_TIMEOUT;
    }

    /** How the gateway words a step's timeout, e.g. "0.5 s". */
    String stepText() {
        return AtSession.seconds(commandTimeout());
    }

    ModemGateway.Settings settings(Optional<java.nio.file.Path> pinFile) {
        return new ModemGateway.Settings(commandTimeout(), sendTimeout(), ModemConfig.Charset.GSM, pinFile,
                Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    ModemGateway gateway() {
        if (gateway == null) {
            gateway = new ModemGateway(port(), settings(Optional.empty()), this::ticker,
                    Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        }
        return gateway;
    }

    void afterBackoff() {
        skew.addAndGet(Duration.ofSeconds(61).toNanos());
    }

    @AfterEach
    void closeGateway() {
        if (gateway != null) {
            gateway.close();
        }
        emulator.close();
    }

    /** Sends and returns the failure, checking it came within {@code bound} and does not carry the code. */
    SmsException failure(Duration bound) {
        long start = System.nanoTime();
        SmsException e = assertThrows(SmsException.class, () -> gateway().send(GUS, TEXT));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(bound.plus(SLACK)) <= 0, "took " + took.toMillis() + " ms: " + e.getMessage());
        assertFalse(e.getMessage().contains(CODE), "the code leaked into the reason: " + e.getMessage());
        assertFalse(e.getMessage().contains(GUS), "the number leaked into the reason: " + e.getMessage());
        return e;
    }

    String sendOk() throws SmsException {
        return gateway().send(GUS, TEXT);
    }

    /** Sends, and checks the reference is the one the modem gave this message. */
    void assertSent() throws SmsException {
        String reference = sendOk();
        assertEquals(String.valueOf(emulator.lastReference()), reference);
    }

    ModemHealth.State state() {
        return gateway().health().state();
    }

    @Test
    void normalSendRunsTheStartUpSequenceThenCmgs() throws Exception {
        String reference = sendOk();

        assertEquals(String.valueOf(emulator.lastReference()), reference);
        assertEquals(List.of(new ModemEmulator.Sms(GUS, TEXT)), emulator.messages());
        List<String> commands = ModemEmulator.withoutStatus(emulator.commands());
        assertEquals(List.of("AT", "ATE0", "AT+CMEE=1", "AT+CPIN?", "AT+CMGF=1", "AT+CSCS=\"GSM\"", "AT+CPIN?",
                "AT+CMGS=\"" + GUS + "\""), commands);
        assertEquals(ModemHealth.State.READY, state());
        assertEquals("-71 dBm reg", gateway().signalText());
    }

    @Test
    void secondSendGoesStraightToCmgs() throws Exception {
        sendOk();
        int before = emulator.commands().size();
        sendOk();
        assertEquals(List.of("AT+CMGS=\"" + GUS + "\""), emulator.commands().subList(before,
                emulator.commands().size()));
        assertEquals(2, emulator.messages().size());
    }

    static Stream<Arguments> errorClasses() {
        return Stream.of(
                Arguments.of(new ModemEmulator.CmsError(330), "no SMS centre number on the SIM (AT+CSCA) (+CMS ERROR: 330)",
                        ModemHealth.State.READY),
                Arguments.of(new ModemEmulator.CmsError(331), "no mobile network (+CMS ERROR: 331)",
                        ModemHealth.State.READY),
                Arguments.of(new ModemEmulator.CmsError(21), "the network rejected the message (+CMS ERROR: 21)",
                        ModemHealth.State.READY),
                Arguments.of(new ModemEmulator.CmsError(1), "the network does not know this number (+CMS ERROR: 1)",
                        ModemHealth.State.READY),
                Arguments.of(new ModemEmulator.CmsError(500), "unknown modem error (+CMS ERROR: 500)",
                        ModemHealth.State.READY),
                Arguments.of(new ModemEmulator.CmeError(30), "no mobile network (+CME ERROR: 30)",
                        ModemHealth.State.READY),
                Arguments.of(new ModemEmulator.PlainError(), "the modem answered ERROR", ModemHealth.State.READY),
                Arguments.of(new ModemEmulator.CmeError(10), "no SIM card in the modem (+CME ERROR: 10)",
                        ModemHealth.State.DOWN),
                Arguments.of(new ModemEmulator.CmeError(11), "SIM PIN required (+CME ERROR: 11)",
                        ModemHealth.State.DOWN));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errorClasses")
    void eachErrorClassFailsWithItsReason(ModemEmulator.Send error, String reason, ModemHealth.State after)
            throws Exception {
        gateway().checkHealth();
        emulator.next(error);

        assertEquals(reason, failure(commandTimeout()).getMessage());
        assertEquals(after, state(), "state after " + reason);
        assertTrue(emulator.messages().isEmpty());
        if (after == ModemHealth.State.READY) {
            assertSent();
        }
    }

    @Test
    void noPromptFailsInTimeCancelsTheInputAndRecovers() throws Exception {
        gateway().checkHealth();
        emulator.next(new ModemEmulator.NoPrompt());

        SmsException e = failure(commandTimeout());
        assertEquals("modem gave no > prompt for the message within " + stepText(), e.getMessage());
        assertEquals(1, emulator.escapes(), "ESC ends the text input, so the next command is not taken for text");
        assertEquals(ModemHealth.State.DOWN, state());

        afterBackoff();
        assertSent();
        assertEquals(1, emulator.messages().size());
    }

    @Test
    void slowAnswerPastTheTimeoutFailsInTimeAndIsNotTakenForTheNextMessage() throws Exception {
        gateway().checkHealth();
        emulator.next(new ModemEmulator.Slow(sendTimeout().plusMillis(700)));

        SmsException e = failure(sendTimeout());
        assertTrue(e.getMessage().startsWith("modem did not confirm the message within"), e.getMessage());
        assertEquals(ModemHealth.State.DOWN, state());
        Await.until(() -> emulator.lateAnswers() == 1, Duration.ofSeconds(5), "the late answer never came");

        afterBackoff();
        String reference = sendOk();
        assertEquals(String.valueOf(emulator.lastReference()), reference, "the late +CMGS belongs to the first message");
        assertEquals(2, emulator.messages().size());
    }

    @Test
    void garbageAroundTheAnswersIsIgnored() throws Exception {
        emulator.garbageInAnswers = true;
        emulator.next(new ModemEmulator.Garbage());

        assertEquals(String.valueOf(emulator.lastReference() + 1), sendOk());
        assertEquals(List.of(new ModemEmulator.Sms(GUS, TEXT)), emulator.messages());
    }

    @Test
    void garbageInsteadOfAnswersIsNoAnswer() {
        emulator.babbling = true;

        SmsException e = failure(commandTimeout().multipliedBy(2).plus(Duration.ofMillis(200)));
        assertEquals("modem did not answer AT within " + stepText(), e.getMessage());
        assertEquals(ModemHealth.State.DOWN, state());
    }

    @Test
    void unsolicitedLinesInTheMiddleOfAnswersAreNotAnswers() throws Exception {
        emulator.urcsInAnswers = true;
        emulator.creg = 5;
        emulator.cereg = -1;
        emulator.next(new ModemEmulator.Urcs());

        String reference = sendOk();
        assertEquals(String.valueOf(emulator.lastReference()), reference);
        // The URC form "+CREG: 1,..." came inside the answer "+CREG: 0,5": the answer counts.
        assertEquals(ModemHealth.Registration.ROAMING, gateway().health().registration());
        assertEquals("-71 dBm roam", gateway().signalText());
    }

    @Test
    void unsolicitedLineBetweenCommandsIsDropped() throws Exception {
        sendOk();
        emulator.unsolicited("RING");
        emulator.unsolicited("+CMTI: \"SM\",7");
        emulator.unsolicited("OK");

        assertEquals(String.valueOf(emulator.lastReference() + 1), sendOk());
    }

    @Test
    void lineClosingMidSendFailsFastThenReopensAfterTheBackoff() throws Exception {
        gateway().checkHealth();
        emulator.hangUp = this::hangUpLine;
        emulator.next(new ModemEmulator.HangUp());

        SmsException e = failure(Duration.ofSeconds(1));
        assertTrue(e.getMessage().matches("modem port .* (is gone|hung up)"), e.getMessage());
        assertEquals(ModemHealth.State.DOWN, state());
        int commands = emulator.commands().size();
        assertEquals(e.getMessage(), failure(Duration.ZERO).getMessage(), "while down, sends fail at once");
        assertEquals(commands, emulator.commands().size(), "nothing reaches the modem while down");

        restoreLine();
        afterBackoff();
        assertEquals(String.valueOf(emulator.lastReference() + 1), sendOk());
        assertEquals(ModemHealth.State.READY, state());
    }

    @Test
    void modemNotAnsweringIsDownUntilTheBackoffEnds() throws Exception {
        emulator.silent = true;

        SmsException e = failure(commandTimeout().multipliedBy(2));
        assertEquals("modem did not answer AT within " + stepText(), e.getMessage());
        int commands = emulator.commands().size();
        assertEquals("modem not answering", failure(Duration.ZERO).getMessage());
        assertEquals(commands, emulator.commands().size());

        emulator.silent = false;
        afterBackoff();
        assertSent();
    }

    @Test
    void codeTextIsSentAsGsmTextAndNeverEndsEarly() throws Exception {
        String risky = "Code " + CODE + "\u001a then \u001b{caf\u00e9} \u2013 [x] @home $5 under_score";
        gateway().send(GUS, risky);

        assertEquals("Code " + CODE + "? then ?(cafe) - (x) ?home ?5 under?score", emulator.messages().get(0).text());
    }
}
