package org.smartbox.modem;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.ModemConfig;
import org.smartbox.hardware.SmsException;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.modem.ModemError.Problem;
import org.smartbox.modem.ModemHealth.Registration;
import org.smartbox.modem.ModemHealth.SimState;
import org.smartbox.pickup.Masking;

/**
 * The SMS gateway of a GSM/LTE modem in text mode. {@link #send} blocks (call it off the kiosk loop)
 * but every wait is bounded, the whole send by {@code modem.sendTimeoutSeconds}.
 *
 * <p>Start-up: {@code AT}, {@code ATE0}, {@code AT+CMEE=1}, {@code AT+CPIN?} (entering the PIN from
 * {@code modem.pinFile} if asked, once per start, so a wrong PIN never locks the SIM),
 * {@code AT+CMGF=1}, {@code AT+CSCS}. When the port vanishes, the modem stops answering or the SIM
 * is unusable, the gateway is down: sends fail at once with the reason, so the chain fails over or
 * the kiosk denies the pickup, and a new attempt is made on the next send or health check after a
 * back-off of 1 s doubling to 60 s. Logs carry the masked number and the message reference only.
 */
public final class ModemGateway implements SmsGateway, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModemGateway.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** How long the modem must be quiet before a new session trusts that old answers are gone. */
    private static final Duration SETTLE = Duration.ofMillis(200);
    /** Between SIM state queries after the PIN was entered. */
    private static final Duration SIM_POLL = Duration.ofMillis(500);

    /** Timing and behaviour: {@code of(config)} on the box, shorter ones in tests. */
    public record Settings(Duration commandTimeout, Duration sendTimeout, ModemConfig.Charset charset,
                           Optional<Path> pinFile, Duration healthInterval, Duration firstBackoff,
                           Duration maxBackoff) {

        public static Settings of(ModemConfig config) {
            return new Settings(config.commandTimeout(), config.sendTimeout(), config.charset(), config.pinFile(),
                    config.healthInterval(), Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
    }

    /** A failure that puts the gateway down; {@code portLevel} closes the link. */
    private static final class Down extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean portLevel;

        Down(String reason, boolean portLevel) {
            super(reason);
            this.portLevel = portLevel;
        }
    }

    private final ModemPort port;
    private final Settings settings;
    /**
     * Monotonic nanoseconds for every deadline and the back-off (the wall clock may jump on a box without
     * RTC); the sessions it opens measure on it too, so a test moves one clock for all of them.
     */
    private final LongSupplier ticker;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock (session and link are also read by close(), which may not get the lock).
    private volatile AtSession session;
    private volatile ModemLink link;
    private boolean ready;
    private boolean resync;
    private boolean pinRejected;
    private volatile boolean closed;
    private Duration backoff;
    private long nextAttempt;
    private String downReason;
    private SimState sim = SimState.UNKNOWN;
    private Registration registration = Registration.UNKNOWN;
    private OptionalInt signal = OptionalInt.empty();
    private String lastError;
    private Instant checkedAt;

    private volatile ModemHealth health;
    private final Object monitorLock = new Object();
    private ScheduledExecutorService monitor;
    private ScheduledFuture<?> nextCheck;

    public ModemGateway(ModemPort port, Settings settings, LongSupplier ticker, Clock clock) {
        this.port = port;
        this.settings = settings;
        this.ticker = ticker;
        this.clock = clock;
        this.health = ModemHealth.starting(port.name(), port.present());
    }

    @Override
    public String name() {
        return "modem";
    }

    /** The last known health; never blocks. */
    public ModemHealth health() {
        return health;
    }

    /** For the service menu's status line: "-71 dBm reg", "no modem", "no answer", ... */
    public String signalText() {
        return health.shortText();
    }

    @Override
    public String send(String e164, String text) throws SmsException {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new SmsException("not an international mobile number");
        }
        long deadline = ticker.getAsLong() + settings.sendTimeout().toNanos();
        lockUntil(deadline);
        try {
            AtSession s = ensureReady(deadline);
            byte[] body = Gsm7.bytes(text, settings.charset());
            try {
                String reference = s.sendText(e164, body, settings.commandTimeout(), deadline);
                lastError = null;
                LOG.info("modem accepted the SMS to {} (ref {})", Masking.mobile(e164), reference);
                return reference;
            } catch (AtException e) {
                throw new SmsException(failed(e));
            }
        } finally {
            publish();
            lock.unlock();
        }
    }

    /**
     * Asks the modem for SIM, registration and signal (opening it first if it is down and its back-off
     * is over) and returns the new health. Bounded by a few command timeouts; skipped while a message
     * is being sent (that send refreshes what it learns).
     */
    public ModemHealth checkHealth() {
        if (!lock.tryLock()) {
            return health;
        }
        try {
            checkLocked();
        } finally {
            publish();
            lock.unlock();
        }
        return health;
    }

    private void checkLocked() {
        if (closed) {
            return;
        }
        long deadline = ticker.getAsLong() + settings.commandTimeout().toNanos() * 12;
        boolean wasReady = ready;
        AtSession s;
        try {
            s = ensureReady(deadline);
        } catch (SmsException e) {
            return;
        }
        if (!wasReady) {
            // Just set up, and the status read with it.
            return;
        }
        try {
            refreshStatus(s, deadline);
        } catch (AtException e) {
            failed(e);
        }
    }

    /** Checks health now and then every {@code healthInterval}, sooner while down (to reopen after the back-off). */
    public void startMonitor() {
        synchronized (monitorLock) {
            if (monitor != null || closed) {
                return;
            }
            monitor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "modem-health");
                t.setDaemon(true);
                return t;
            });
            scheduleCheck(Duration.ZERO);
        }
    }

    private void scheduleCheck(Duration delay) {
        synchronized (monitorLock) {
            if (monitor == null || monitor.isShutdown()) {
                return;
            }
            if (nextCheck != null) {
                nextCheck.cancel(false);
            }
            nextCheck = monitor.schedule(this::monitorTick, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void monitorTick() {
        try {
            checkHealth();
        } catch (RuntimeException e) {
            LOG.error("modem health check failed", e);
        }
        ModemHealth h = health;
        Duration delay = settings.healthInterval();
        if (h.state() != ModemHealth.State.READY && h.retryIn().isPresent()) {
            Duration retry = h.retryIn().get();
            delay = retry.compareTo(delay) < 0 ? retry : delay;
        }
        scheduleCheck(delay.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : delay);
    }

    // ---- getting ready ----

    private void lockUntil(long deadline) throws SmsException {
        try {
            if (!lock.tryLock(Math.max(0, deadline - ticker.getAsLong()), TimeUnit.NANOSECONDS)) {
                throw new SmsException("modem busy with another message");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsException("interrupted while waiting for the modem");
        }
    }

    /** The session, set up; or the reason it is not, at once while the back-off runs. */
    private AtSession ensureReady(long deadline) throws SmsException {
        if (closed) {
            throw new SmsException("modem gateway is closed");
        }
        if (ready && session != null && session.broken() != null) {
            markDown(new Down(session.broken(), true));
        }
        if (ready) {
            return session;
        }
        if (backoff != null && ticker.getAsLong() < nextAttempt) {
            throw new SmsException(downReason);
        }
        try {
            connect(deadline);
            return session;
        } catch (Down down) {
            markDown(down);
            throw new SmsException(down.getMessage());
        } catch (AtException e) {
            throw new SmsException(failed(e));
        }
    }

    private void connect(long deadline) throws Down, AtException {
        if (link == null || session == null || session.broken() != null) {
            closeLink();
            if (!port.present()) {
                throw new Down("modem port " + port.name() + " is gone", true);
            }
            AtSession fresh = AtSession.on(ticker);
            ModemLink opened;
            try {
                opened = port.open(new ModemLink.Listener() {
                    @Override
                    public void received(byte[] data, int length) {
                        fresh.received(data, length);
                    }

                    @Override
                    public void failed(String reason) {
                        fresh.failed(reason);
                        // Tell the status screen now and start the back-off, without waiting for a send.
                        scheduleCheck(Duration.ZERO);
                    }
                });
            } catch (IOException e) {
                throw new Down(e.getMessage(), true);
            }
            fresh.attach(opened);
            session = fresh;
            link = opened;
            // A modem booting (or still finishing what it did before the port went) may say things.
            fresh.settle(SETTLE, step(deadline));
        }
        initialize(session, deadline);
        ready = true;
        if (backoff != null || downReason != null) {
            LOG.info("modem on {} is back", port.name());
        } else {
            LOG.info("modem on {} ready", port.name());
        }
        backoff = null;
        downReason = null;
        lastError = null;
        try {
            refreshStatus(session, deadline);
        } catch (AtException e) {
            // Status is for the screen; the modem sends without it.
            LOG.debug("modem status after start-up: {}", e.getMessage());
        }
    }

    private void initialize(AtSession s, long deadline) throws Down, AtException {
        boolean wasOutOfStep = resync;
        if (wasOutOfStep) {
            // Late answers to a timed-out command, or a booting modem's greeting, must not pass for answers.
            s.settle(SETTLE, step(deadline));
        }
        try {
            s.command("AT", null, step(deadline));
        } catch (AtException e) {
            if (e.kind() != AtException.Kind.TIMEOUT) {
                throw e;
            }
            // A modem that just woke up may miss the first command; one more, then it is not answering.
            s.command("AT", null, step(deadline));
        }
        if (wasOutOfStep) {
            // If that OK was a late one, the probe's own OK follows: let it pass before going on.
            s.settle(SETTLE, step(deadline));
            resync = false;
        }
        s.command("ATE0", null, step(deadline));
        s.command("AT+CMEE=1", null, step(deadline));
        checkSim(s, deadline);
        s.command("AT+CMGF=1", null, step(deadline));
        s.command("AT+CSCS=\"" + settings.charset().name() + "\"", null, step(deadline));
    }

    private void checkSim(AtSession s, long deadline) throws Down, AtException {
        sim = querySim(s, deadline);
        switch (sim) {
            case READY:
                return;
            case PIN_REQUIRED:
                enterPin(s, deadline);
                return;
            case MISSING:
                throw new Down("no SIM card in the modem", false);
            case PUK_REQUIRED:
                throw new Down("SIM locked: PUK required (unlock it in a phone)", false);
            default:
                throw new Down("SIM not usable (AT+CPIN? gave no clear answer)", false);
        }
    }

    private SimState querySim(AtSession s, long deadline) throws AtException {
        try {
            return Answers.sim(s.command("AT+CPIN?", "+CPIN:", step(deadline)));
        } catch (AtException e) {
            Optional<ModemError> error = e.error();
            if (error.isEmpty()) {
                throw e;
            }
            switch (error.get().problem()) {
                case SIM_MISSING:
                    return SimState.MISSING;
                case PUK_REQUIRED:
                    return SimState.PUK_REQUIRED;
                case PIN_REQUIRED:
                    return SimState.PIN_REQUIRED;
                default:
                    return SimState.FAILURE;
            }
        }
    }

    private void enterPin(AtSession s, long deadline) throws Down, AtException {
        if (pinRejected) {
            sim = SimState.PIN_REJECTED;
            throw new Down("SIM PIN rejected earlier; fix modem.pinFile and restart (not retried,"
                    + " so the SIM does not lock)", false);
        }
        if (settings.pinFile().isEmpty()) {
            throw new Down("SIM PIN required: set modem.pinFile", false);
        }
        String pin;
        try {
            pin = ModemConfig.readPin(settings.pinFile().get());
        } catch (IOException e) {
            throw new Down("SIM PIN required, and modem.pinFile cannot be read", false);
        }
        if (!ModemConfig.PIN.matcher(pin).matches()) {
            throw new Down("SIM PIN required, and modem.pinFile holds no PIN", false);
        }
        try {
            s.command("AT+CPIN=\"" + pin + "\"", "AT+CPIN=\"****\"", null, step(deadline));
        } catch (AtException e) {
            if (e.kind() != AtException.Kind.ERROR) {
                throw e;
            }
            pinRejected = true;
            sim = SimState.PIN_REJECTED;
            throw new Down("SIM PIN rejected (" + e.error().map(ModemError::result).orElse("ERROR")
                    + "); fix modem.pinFile and restart", false);
        }
        // The SIM takes a moment to read its files after the PIN; wait for READY, never spinning.
        while (true) {
            sim = querySim(s, deadline);
            if (sim == SimState.READY) {
                return;
            }
            if (deadline - ticker.getAsLong() < SIM_POLL.toNanos()) {
                throw new Down("SIM not ready after the PIN was accepted", false);
            }
            s.settle(SIM_POLL, SIM_POLL);
        }
    }

    private void refreshStatus(AtSession s, long deadline) throws AtException {
        sim = querySim(s, deadline);
        signal = Answers.signalDbm(s.command("AT+CSQ", "+CSQ:", step(deadline)));
        Registration reg = Registration.UNKNOWN;
        try {
            reg = Answers.registration(s.command("AT+CREG?", "+CREG:", step(deadline)), "+CREG:");
        } catch (AtException e) {
            if (e.kind() != AtException.Kind.ERROR) {
                throw e;
            }
        }
        try {
            // LTE-only modems register in EPS; 2G modems answer ERROR here.
            reg = reg.or(Answers.registration(s.command("AT+CEREG?", "+CEREG:", step(deadline)), "+CEREG:"));
        } catch (AtException e) {
            if (e.kind() != AtException.Kind.ERROR) {
                throw e;
            }
        }
        registration = reg;
        checkedAt = clock.instant();
        if (sim != SimState.READY && ready) {
            // The SIM went away under a working modem: set it up again (with back-off) before sending.
            markDown(new Down(sim == SimState.MISSING ? "no SIM card in the modem" : "SIM not ready", false));
        }
    }

    /** The time a step may take: a command timeout, cut to what is left of the whole operation. */
    private Duration step(long deadline) throws AtException {
        long left = deadline - ticker.getAsLong();
        if (left <= 0) {
            throw AtException.timeout("modem did not finish within modem.sendTimeoutSeconds");
        }
        return Duration.ofNanos(Math.min(left, settings.commandTimeout().toNanos()));
    }

    // ---- failing ----

    /** Puts a failed exchange into the state it means and returns the reason to report. */
    private String failed(AtException e) {
        switch (e.kind()) {
            case LINK:
                markDown(new Down(e.getMessage(), true));
                return e.getMessage();
            case TIMEOUT:
            case PROTOCOL:
                resync = true;
                markDown(new Down("modem not answering", false));
                return e.getMessage();
            case ERROR:
            default: {
                ModemError error = e.error().orElseThrow();
                lastError = error.reason();
                Problem problem = error.problem();
                if (problem == Problem.SIM_MISSING) {
                    sim = SimState.MISSING;
                } else if (problem == Problem.PIN_REQUIRED) {
                    sim = SimState.PIN_REQUIRED;
                } else if (problem == Problem.PUK_REQUIRED) {
                    sim = SimState.PUK_REQUIRED;
                }
                if (problem.needsRestart()) {
                    markDown(new Down(error.reason(), false));
                }
                return error.reason();
            }
        }
    }

    private void markDown(Down down) {
        boolean wasReady = ready;
        ready = false;
        if (down.portLevel) {
            closeLink();
        }
        backoff = backoff == null ? settings.firstBackoff()
                : min(backoff.multipliedBy(2), settings.maxBackoff());
        nextAttempt = ticker.getAsLong() + backoff.toNanos();
        if (wasReady || !down.getMessage().equals(downReason)) {
            LOG.warn("modem on {} down: {}; next attempt in {}", port.name(), down.getMessage(),
                    AtSession.seconds(backoff));
        }
        downReason = down.getMessage();
        lastError = down.getMessage();
        // The monitor reopens when the back-off is over, whether or not a message is waiting.
        scheduleCheck(backoff);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void closeLink() {
        if (link != null) {
            link.close();
        }
        link = null;
        session = null;
    }

    private void publish() {
        ModemHealth.State state = closed ? ModemHealth.State.CLOSED : ready ? ModemHealth.State.READY
                : backoff != null ? ModemHealth.State.DOWN : ModemHealth.State.STARTING;
        Optional<Duration> retryIn = Optional.empty();
        if (state == ModemHealth.State.DOWN) {
            retryIn = Optional.of(Duration.ofNanos(Math.max(0, nextAttempt - ticker.getAsLong())));
        }
        health = new ModemHealth(port.name(), port.present(), state, sim, registration, signal,
                Optional.ofNullable(lastError), Optional.ofNullable(checkedAt), retryIn);
    }

    /** Stops the monitor and closes the port. A send in progress fails. */
    @Override
    public void close() {
        synchronized (monitorLock) {
            closed = true;
            if (monitor != null) {
                monitor.shutdownNow();
            }
        }
        boolean locked = false;
        try {
            locked = lock.tryLock(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ready = false;
            AtSession s = session;
            if (s != null) {
                // A send still waiting (we may not hold the lock) ends now instead of at its deadline.
                s.failed("modem gateway closed");
            }
            ModemLink current = link;
            if (current != null) {
                current.close();
            }
            if (locked) {
                link = null;
                session = null;
                publish();
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /** Lines for {@code smartbox diag}. */
    public List<String> describe() {
        return health.describe();
    }
}
