package org.smartbox.modem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AT command protocol over a {@link ModemLink} (3GPP TS 27.007, TS 27.005 text mode): one command
 * at a time, each waited for with a deadline, its final result mapped to {@code OK} or an
 * {@link AtException}. Bytes arrive on the link's reader thread and become lines and prompts in a
 * queue; the caller's thread takes them from there, so no thread ever spins while waiting.
 *
 * <p>Unsolicited result codes ({@code RING}, {@code +CMTI}, {@code +CREG}, ...), garbage and echo are
 * never taken for answers: a command accepts only its final result and the information lines that
 * start with the prefix it expects. Nothing the modem sends is logged verbatim (an echo could carry
 * the SIM PIN or the message text), only the name of unsolicited codes.
 */
public final class AtSession implements ModemLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AtSession.class);

    /** Longer lines are noise: no AT answer we read comes near. */
    static final int MAX_LINE = 512;
    /** What the queue holds at most between commands; older tokens are dropped first. */
    private static final int MAX_QUEUED = 256;
    private static final byte CTRL_Z = 0x1A;
    private static final byte ESC = 0x1B;
    /** After ESC aborts a message, how long the modem may take to say so. */
    private static final Duration ABORT_WAIT = Duration.ofMillis(500);

    private static final List<String> UNSOLICITED = List.of("RING", "+CRING", "+CMTI", "+CMT", "+CDS", "+CDSI",
            "+CBM", "+CREG", "+CGREG", "+CEREG", "+C5GREG", "+CUSD", "+CLIP", "+CPIN", "+CFUN", "+CSQ", "+QIND",
            "^", "RDY", "SMS READY", "CALL READY", "PB DONE", "NO CARRIER");

    private sealed interface Token permits Line, Prompt, Broken {
    }

    private record Line(String text) implements Token {
    }

    private record Prompt() implements Token {
    }

    private record Broken(String reason) implements Token {
    }

    private final BlockingQueue<Token> tokens = new LinkedBlockingQueue<>();
    /** The line being assembled; touched only by the reader thread. */
    private final StringBuilder partial = new StringBuilder();
    private boolean overlong;
    private final AtomicLong ignored = new AtomicLong();
    private volatile ModemLink link;
    private volatile String broken;

    private final Duration abortWait;
    /** Monotonic nanoseconds every deadline is measured on (the gateway's, so both agree). */
    private final LongSupplier ticker;

    public AtSession() {
        this(ABORT_WAIT);
    }

    /** A session that waits {@code abortWait} for the modem's answer to an aborted message. */
    public AtSession(Duration abortWait) {
        this(abortWait, System::nanoTime);
    }

    /** A session whose deadlines are read on {@code ticker} (monotonic nanoseconds). */
    public AtSession(Duration abortWait, LongSupplier ticker) {
        this.abortWait = abortWait;
        this.ticker = ticker;
    }

    /** A session on {@code ticker} with the usual wait after an aborted message. */
    public static AtSession on(LongSupplier ticker) {
        return new AtSession(ABORT_WAIT, ticker);
    }

    /** Gives the session the link to write to, once it is open (the session was its listener). */
    public void attach(ModemLink link) {
        this.link = link;
    }

    /** Why the link broke, or null while it works. */
    public String broken() {
        return broken;
    }

    /** Lines and bytes taken for noise or unsolicited codes so far (for diagnostics). */
    public long ignoredCount() {
        return ignored.get();
    }

    // ---- reader thread side ----

    @Override
    public void received(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            char c = (char) (data[i] & 0xff);
            if (c == '\r' || c == '\n') {
                endLine();
                continue;
            }
            if (partial.length() >= MAX_LINE) {
                overlong = true;
                partial.setLength(0);
            }
            partial.append(c);
            // The text prompt is "> " at the start of a line, with no line end after it (TS 27.005 §3.5.1).
            if (partial.length() == 2 && partial.charAt(0) == '>' && partial.charAt(1) == ' ') {
                partial.setLength(0);
                offer(new Prompt());
            }
        }
    }

    private void endLine() {
        if (overlong) {
            overlong = false;
            partial.setLength(0);
            ignored.incrementAndGet();
            return;
        }
        if (partial.length() == 0) {
            return;
        }
        String text = partial.toString();
        partial.setLength(0);
        offer(text.strip().equals(">") ? new Prompt() : new Line(text));
    }

    @Override
    public void failed(String reason) {
        if (broken == null) {
            broken = reason;
            offer(new Broken(reason));
        }
    }

    private void offer(Token token) {
        while (tokens.size() >= MAX_QUEUED) {
            tokens.poll();
            ignored.incrementAndGet();
        }
        tokens.add(token);
    }

    // ---- caller side ----

    /**
     * Sends {@code command} and waits up to {@code timeout} for its final result; returns the
     * information lines that start with {@code prefix} (none when {@code prefix} is null).
     */
    public List<String> command(String command, String prefix, Duration timeout) throws AtException {
        return exchange(command, command, prefix, timeout);
    }

    /** As {@link #command}, with {@code shown} standing for the command in messages (it hides a PIN). */
    public List<String> command(String command, String shown, String prefix, Duration timeout) throws AtException {
        return exchange(command, shown, prefix, timeout);
    }

    private List<String> exchange(String command, String shown, String prefix, Duration timeout)
            throws AtException {
        drain();
        long deadline = ticker.getAsLong() + timeout.toNanos();
        LOG.debug("> {}", shown);
        write((command + "\r").getBytes(StandardCharsets.US_ASCII));
        List<String> info = new ArrayList<>();
        while (true) {
            Token token = next(deadline);
            if (token == null) {
                throw AtException.timeout("modem did not answer " + shown + " within " + seconds(timeout));
            }
            if (!(token instanceof Line line)) {
                continue;
            }
            String s = line.text().strip();
            if (s.equals("OK")) {
                return info;
            }
            Optional<ModemError> error = ModemError.parse(s);
            if (error.isPresent()) {
                throw AtException.error(error.get());
            }
            if (prefix != null && s.startsWith(prefix)) {
                info.add(s);
            } else if (!s.equalsIgnoreCase(command)) {
                ignore(s);
            }
        }
    }

    /**
     * Sends one text-mode SMS: {@code AT+CMGS="<number>"}, waits for the {@code > } prompt (at most
     * {@code promptTimeout}), writes the text and Ctrl-Z, then waits for {@code +CMGS: <ref>} and
     * {@code OK} until {@code deadlineNanos} (on the session's ticker). Returns the reference.
     * {@code text} must already be fit for text mode (see {@link Gsm7}).
     */
    public String sendText(String number, byte[] text, Duration promptTimeout, long deadlineNanos)
            throws AtException {
        drain();
        String masked = "AT+CMGS=\"" + org.smartbox.pickup.Masking.mobile(number) + "\"";
        LOG.debug("> {}", masked);
        write(("AT+CMGS=\"" + number + "\"\r").getBytes(StandardCharsets.US_ASCII));
        long promptDeadline = Math.min(ticker.getAsLong() + promptTimeout.toNanos(), deadlineNanos);
        while (true) {
            Token token = next(promptDeadline);
            if (token == null) {
                abortInput();
                throw AtException.timeout("modem gave no > prompt for the message within " + seconds(promptTimeout));
            }
            if (token instanceof Prompt) {
                break;
            }
            if (token instanceof Line line) {
                String s = line.text().strip();
                Optional<ModemError> error = ModemError.parse(s);
                if (error.isPresent()) {
                    throw AtException.error(error.get());
                }
                // AT+CMGS never ends in OK before its prompt: an OK here is a late answer to something
                // earlier, and is dropped like any other stray line.
                if (!s.startsWith("AT+CMGS=")) {
                    ignore(s);
                }
            }
        }
        byte[] body = new byte[text.length + 1];
        System.arraycopy(text, 0, body, 0, text.length);
        body[text.length] = CTRL_Z;
        write(body);
        String reference = null;
        long started = ticker.getAsLong();
        while (true) {
            Token token = next(deadlineNanos);
            if (token == null) {
                throw AtException.timeout("modem did not confirm the message within "
                        + seconds(Duration.ofNanos(ticker.getAsLong() - started)));
            }
            if (!(token instanceof Line line)) {
                continue;
            }
            String s = line.text().strip();
            if (s.startsWith("+CMGS:")) {
                String ref = s.substring(6).strip();
                int comma = ref.indexOf(',');
                ref = comma < 0 ? ref : ref.substring(0, comma).strip();
                if (!ref.isEmpty() && ref.length() <= 5 && ref.chars().allMatch(Character::isDigit)) {
                    reference = ref;
                } else {
                    ignore(s);
                }
            } else if (s.equals("OK")) {
                if (reference == null) {
                    throw AtException.protocol("modem said OK but gave no message reference");
                }
                return reference;
            } else {
                Optional<ModemError> error = ModemError.parse(s);
                if (error.isPresent()) {
                    throw AtException.error(error.get());
                }
                // Anything else, the echo of the text included, is dropped without a trace.
                ignore(s);
            }
        }
    }

    /** Waits until the modem has been quiet for {@code quiet} (at most {@code max}), dropping what it sends. */
    public void settle(Duration quiet, Duration max) throws AtException {
        long end = ticker.getAsLong() + max.toNanos();
        while (ticker.getAsLong() < end) {
            Token token = next(Math.min(end, ticker.getAsLong() + quiet.toNanos()));
            if (token == null) {
                return;
            }
            if (token instanceof Line line) {
                ignore(line.text().strip());
            }
        }
    }

    /** ESC ends the modem's text input without sending (TS 27.005 §3.5.1); its answer is dropped. */
    private void abortInput() {
        try {
            write(new byte[] {ESC});
            settle(abortWait, abortWait);
        } catch (AtException e) {
            LOG.debug("could not abort the message input: {}", e.getMessage());
        }
    }

    private void drain() throws AtException {
        Token token;
        while ((token = tokens.poll()) != null) {
            if (token instanceof Broken b) {
                throw AtException.link(b.reason());
            }
            if (token instanceof Line line) {
                ignore(line.text().strip());
            }
        }
        if (broken != null) {
            throw AtException.link(broken);
        }
    }

    private Token next(long deadline) throws AtException {
        while (true) {
            long wait = deadline - ticker.getAsLong();
            Token token;
            try {
                token = wait <= 0 ? tokens.poll() : tokens.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AtException.link("interrupted while waiting for the modem");
            }
            if (token instanceof Broken b) {
                throw AtException.link(b.reason());
            }
            if (token != null || wait <= 0) {
                return token;
            }
        }
    }

    private void write(byte[] bytes) throws AtException {
        ModemLink current = link;
        if (broken != null) {
            throw AtException.link(broken);
        }
        if (current == null) {
            throw AtException.link("modem link is not open");
        }
        try {
            current.write(bytes);
        } catch (IOException e) {
            failed(e.getMessage());
            throw AtException.link(e.getMessage());
        }
    }

    private void ignore(String line) {
        ignored.incrementAndGet();
        if (LOG.isDebugEnabled()) {
            String upper = line.toUpperCase(java.util.Locale.ROOT);
            for (String code : UNSOLICITED) {
                if (upper.startsWith(code)) {
                    int colon = line.indexOf(':');
                    LOG.debug("ignored unsolicited {}", ModemError.printable(colon > 0 ? line.substring(0, colon)
                            : line));
                    return;
                }
            }
            LOG.debug("ignored {} characters the modem sent outside an answer", line.length());
        }
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
                millis / 1000.0);
    }
}
