package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.ModemConfig;
import org.smartbox.hardware.SmsException;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.kiosk.GatewayChain;

/**
 * The gateway scenarios over in-memory pipes, plus what does not depend on the line: SIM and PIN
 * handling, health, back-off timing, numbers.
 */
class MemoryGatewayTest extends GatewayScenarios {

    /** Under a back-off step, so the real time between a failure and the next check stays inside it. */
    private static final Duration MARGIN = Duration.ofMillis(250);

    private final MemoryModemPort port = new MemoryModemPort(emulator);

    @TempDir
    Path dir;

    @Override
    ModemPort port() {
        return port;
    }

    @Override
    void hangUpLine() {
        port.vanish();
    }

    @Override
    void restoreLine() {
        port.present = true;
    }

    private ModemGateway withPinFile(String content) throws Exception {
        Path file = dir.resolve("sim-pin");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        gateway = new ModemGateway(port, settings(Optional.of(file)), this::ticker,
                Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        return gateway;
    }

    @Test
    void portMissingAtStartFailsFastThenOpensWhenItAppears() throws Exception {
        port.present = false;

        assertEquals("modem port /dev/ttyMEM0 is gone", failure(Duration.ZERO).getMessage());
        assertEquals("no modem", gateway().signalText());
        assertEquals(0, port.opens());

        port.present = true;
        afterBackoff();
        assertSent();
        assertEquals(1, port.opens());
    }

    @Test
    void everyDeadlineOfASendIsReadOnTheInjectedTicker() {
        // A clock that runs 10 s on each reading: the send's 1.5 s bound is over at the first look,
        // although the modem answers at once. Read on System.nanoTime the send would go through.
        java.util.concurrent.atomic.AtomicLong fast = new java.util.concurrent.atomic.AtomicLong();
        gateway = new ModemGateway(port, settings(Optional.empty()),
                () -> fast.addAndGet(Duration.ofSeconds(10).toNanos()), Clock.systemUTC());

        SmsException e = failure(Duration.ZERO);

        assertTrue(e.getMessage().contains("modem.sendTimeoutSeconds"), e.getMessage());
        assertTrue(emulator.commands().isEmpty() || emulator.commands().stream().noneMatch(c -> c.startsWith("AT+CMGS")),
                "no message started: " + emulator.commands());
    }

    @Test
    void backoffDoublesFromOneSecondToSixtyWhileTheModemIsSilent() throws Exception {
        Duration quick = Duration.ofMillis(100);
        gateway = new ModemGateway(port, new ModemGateway.Settings(quick, SEND_TIMEOUT, ModemConfig.Charset.GSM,
                Optional.empty(), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(60)), this::ticker,
                Clock.systemUTC());
        emulator.silent = true;
        failure(COMMAND_TIMEOUT.multipliedBy(2));
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            int commands = emulator.commands().size();
            // Real time runs on between the failure and the check: stop short of the back-off by a margin.
            skew.addAndGet(Duration.ofSeconds(seconds).minus(MARGIN).toNanos());
            assertEquals("modem not answering", failure(Duration.ZERO).getMessage(), "before " + seconds + " s");
            assertEquals(commands, emulator.commands().size(), "no attempt before " + seconds + " s");
            skew.addAndGet(MARGIN.toNanos());
            failure(quick.multipliedBy(2));
            assertTrue(emulator.commands().size() > commands, "an attempt after " + seconds + " s");
        }
        Duration retryIn = gateway().health().retryIn().orElseThrow();
        assertTrue(retryIn.compareTo(Duration.ofSeconds(60)) <= 0
                && retryIn.compareTo(Duration.ofSeconds(60).minus(MARGIN)) > 0, "retry in " + retryIn);
    }

    @Test
    void simMissingIsReportedAndTheGatewayStaysDown() {
        emulator.sim = ModemEmulator.Sim.MISSING;

        assertEquals("no SIM card in the modem", failure(COMMAND_TIMEOUT).getMessage());
        assertEquals(ModemHealth.SimState.MISSING, gateway().health().sim());
        assertEquals("no SIM", gateway().signalText());
        assertEquals("no SIM card in the modem", failure(Duration.ZERO).getMessage());
    }

    @Test
    void pinFromTheFileIsEnteredOnceAndNeverShown() throws Exception {
        emulator.sim = ModemEmulator.Sim.PIN;
        emulator.pin = "2580";
        withPinFile("2580\n");

        assertSent();
        assertEquals(1, emulator.pinAttempts());
        assertTrue(emulator.commands().contains("AT+CPIN=\"2580\""));
        assertEquals(ModemHealth.SimState.READY, gateway.health().sim());
        assertFalse(String.join("\n", gateway.describe()).contains("2580"));
    }

    @Test
    void wrongPinIsTriedOnceAndNeverAgainSoTheSimDoesNotLock() throws Exception {
        emulator.sim = ModemEmulator.Sim.PIN;
        emulator.pin = "2580";
        withPinFile("1111");

        SmsException first = failure(COMMAND_TIMEOUT);
        assertEquals("SIM PIN rejected (+CME ERROR: 16); fix modem.pinFile and restart", first.getMessage());
        for (int i = 0; i < 3; i++) {
            afterBackoff();
            SmsException again = failure(COMMAND_TIMEOUT);
            assertTrue(again.getMessage().startsWith("SIM PIN rejected earlier"), again.getMessage());
        }
        assertEquals(1, emulator.pinAttempts());
        assertEquals("PIN wrong", gateway.signalText());
        assertFalse(first.getMessage().contains("1111"));
    }

    @Test
    void pinRequiredWithoutAPinFileSaysWhatToSet() {
        emulator.sim = ModemEmulator.Sim.PIN;

        assertEquals("SIM PIN required: set modem.pinFile", failure(COMMAND_TIMEOUT).getMessage());
        assertEquals(0, emulator.pinAttempts());
        assertEquals("PIN needed", gateway().signalText());
    }

    @Test
    void pukLockedSimIsReported() {
        emulator.sim = ModemEmulator.Sim.PUK;

        assertEquals("SIM locked: PUK required (unlock it in a phone)", failure(COMMAND_TIMEOUT).getMessage());
        assertEquals("PUK needed", gateway().signalText());
    }

    @Test
    void simPulledAfterStartUpIsNoticedAtTheNextHealthCheck() throws Exception {
        gateway().checkHealth();
        assertEquals(ModemHealth.State.READY, state());
        emulator.sim = ModemEmulator.Sim.MISSING;

        gateway().checkHealth();
        assertEquals(ModemHealth.State.DOWN, state());
        assertEquals("no SIM", gateway().signalText());
        assertEquals("no SIM card in the modem", failure(Duration.ZERO).getMessage());
    }

    @Test
    void healthReportsSignalRegistrationAndSim() {
        emulator.rssi = 10;
        emulator.creg = 0;
        emulator.cereg = 1;

        ModemHealth health = gateway().checkHealth();
        assertEquals(-93, health.signalDbm().getAsInt());
        assertEquals(ModemHealth.Registration.HOME, health.registration(), "LTE registration counts");
        assertEquals("-93 dBm reg", health.shortText());
        assertTrue(health.describe().contains("signal: -93 dBm"), health.describe()::toString);
        assertTrue(health.describe().contains("modem port: /dev/ttyMEM0 (present)"), health.describe()::toString);
    }

    @Test
    void twoGModemWithoutCeregIsFine() {
        emulator.cereg = -1;
        emulator.creg = 2;
        emulator.rssi = 99;

        ModemHealth health = gateway().checkHealth();
        assertEquals(ModemHealth.State.READY, health.state());
        assertEquals("? dBm search", health.shortText());
    }

    @Test
    void portGoneWhileIdleShowsOnTheStatusScreenAtTheNextCheck() {
        gateway().checkHealth();
        port.vanish();

        ModemHealth health = gateway().checkHealth();
        assertEquals(ModemHealth.State.DOWN, health.state());
        assertEquals("no modem", health.shortText());
        assertTrue(health.lastError().orElseThrow().contains("/dev/ttyMEM0"));
    }

    @Test
    void numbersThatAreNotInternationalAreRefusedBeforeTheModem() {
        for (String bad : new String[] {"5550000002", "+0123456789", "+1555", "+1 555 000 0002", "+1555000000212345"}) {
            SmsException e = assertThrows(SmsException.class, () -> gateway().send(bad, TEXT));
            assertEquals("not an international mobile number", e.getMessage());
        }
        assertTrue(emulator.commands().isEmpty());
    }

    @Test
    void downModemHandsOverToTheNextGatewayAtOnce() throws Exception {
        port.present = false;
        List<String> sentByNext = new ArrayList<>();
        SmsGateway next = new SmsGateway() {
            @Override
            public String name() {
                return "cloud";
            }

            @Override
            public String send(String e164, String text) {
                sentByNext.add(e164);
                return "cloud-1";
            }
        };
        GatewayChain chain = new GatewayChain(List.of(gateway(), next));
        failure(Duration.ZERO);

        long start = System.nanoTime();
        assertEquals("cloud-1", chain.send(GUS, TEXT));
        assertTrue(System.nanoTime() - start < 500_000_000L, "the down modem did not hold the message up");
        assertEquals(List.of(GUS), sentByNext);

        SmsException all = assertThrows(SmsException.class,
                () -> new GatewayChain(List.of(gateway())).send(GUS, TEXT));
        assertEquals("modem: modem port /dev/ttyMEM0 is gone", all.getMessage());
    }

    @Test
    void closedGatewaySaysSo() throws Exception {
        gateway().checkHealth();
        gateway.close();

        assertEquals("modem gateway is closed", failure(Duration.ZERO).getMessage());
        assertEquals("off", gateway.signalText());
    }
}
