package org.smartbox.modem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GSM modem that answers AT commands in text mode, on any byte streams: the far end of a socat
 * pty pair, or in-memory pipes. Its behaviour is scripted per test: SIM state, signal, registration,
 * and what happens to each message ({@link Send}). Its state (SIM, messages, commands seen) outlives
 * a connection, as a real modem's does when the port is reopened.
 */
public final class ModemEmulator implements AutoCloseable {

    /** What the modem does with the next message. */
    public sealed interface Send {
    }

    /** Prompt, take the text, {@code +CMGS: <ref>} and {@code OK}. */
    public record Normal() implements Send {
    }

    /** Prompt, take the text, then {@code +CMS ERROR: <code>} (the network's or the SMS service's verdict). */
    public record CmsError(int code) implements Send {
    }

    /** {@code +CME ERROR: <code>} at once, no prompt (the modem refuses before any text). */
    public record CmeError(int code) implements Send {
    }

    /** Plain {@code ERROR} at once. */
    public record PlainError() implements Send {
    }

    /** No prompt ever; ESC is answered with OK. */
    public record NoPrompt() implements Send {
    }

    /** Prompt, take the text, answer only after {@code delay}. */
    public record Slow(Duration delay) implements Send {
    }

    /** Random bytes before the prompt and around the answer lines, which are still correct. */
    public record Garbage() implements Send {
    }

    /** Unsolicited lines before the prompt, between {@code +CMGS} and {@code OK}. */
    public record Urcs() implements Send {
    }

    /** The line goes dead once the text has arrived: {@code hangUp} runs (it closes the pty or pipe). */
    public record HangUp() implements Send {
    }

    /** What was sent. */
    public record Sms(String number, String text) {
    }

    enum Sim {
        READY, PIN, PUK, MISSING
    }

    private static final Pattern CMGS = Pattern.compile("AT\\+CMGS=\"([^\"]*)\"(,\\d+)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CPIN = Pattern.compile("AT\\+CPIN=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "emulator-later");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Send> sends = new ConcurrentLinkedQueue<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Sms> messages = new CopyOnWriteArrayList<>();
    private final Random random = new Random(4711);

    volatile Sim sim = Sim.READY;
    volatile String pin = "2580";
    volatile int rssi = 21;
    volatile int creg = 1;
    /** The EPS registration; -1 answers ERROR (a 2G-only modem). */
    volatile int cereg = 1;
    /** Answer nothing at all. */
    volatile boolean silent;
    /** Put unsolicited lines and a URC-form +CREG into every answer. */
    volatile boolean urcsInAnswers;
    /** Put garbage bytes before every answer. */
    volatile boolean garbageInAnswers;
    /** Answer every command with garbage only, never a result. */
    volatile boolean babbling;
    volatile Runnable hangUp = () -> { };
    private volatile boolean echo = true;
    private volatile int pinAttempts;
    private volatile int escapes;
    private volatile int lateAnswers;
    private int reference = 40;

    private volatile Connection connection;

    /** Queues what happens to the next messages, in order; after the queue, {@link Normal}. */
    public ModemEmulator next(Send... behaviour) {
        sends.addAll(List.of(behaviour));
        return this;
    }

    /** Answers on these streams from now on, on its own thread, until they end. */
    public void serve(InputStream in, OutputStream out) {
        Connection c = new Connection(in, out);
        connection = c;
        Thread t = new Thread(c::run, "emulator");
        t.setDaemon(true);
        t.start();
    }

    public List<String> commands() {
        return List.copyOf(commands);
    }

    public List<Sms> messages() {
        return List.copyOf(messages);
    }

    int pinAttempts() {
        return pinAttempts;
    }

    int escapes() {
        return escapes;
    }

    /** Answers of {@link Slow} messages written so far. */
    int lateAnswers() {
        return lateAnswers;
    }

    /** Sends an unsolicited line now, as a modem does when a call or a message comes in. */
    void unsolicited(String line) {
        write("\r\n" + line + "\r\n");
    }

    @Override
    public void close() {
        later.shutdownNow();
    }

    private void write(String text) {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void write(byte[] bytes) {
        Connection c = connection;
        if (c != null) {
            c.write(bytes);
        }
    }

    private byte[] garbage(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (b == '>' || b == '\r' || b == '\n');
            bytes[i] = (byte) b;
        }
        return bytes;
    }

    private final class Connection {
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder();
        private StringBuilder text;
        private String number;
        private Send pending;

        Connection(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        synchronized void write(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // The line is gone; the box side notices on its own.
            }
        }

        void run() {
            byte[] buffer = new byte[256];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        take(buffer[i]);
                    }
                }
            } catch (IOException e) {
                // The pty closed or the pipe broke: this connection is over.
            }
        }

        private void take(byte b) {
            if (text != null) {
                if (b == 0x1A) {
                    String body = text.toString();
                    text = null;
                    submit(body);
                } else if (b == 0x1B) {
                    text = null;
                    escapes++;
                    ModemEmulator.this.write("\r\nOK\r\n");
                } else {
                    text.append((char) (b & 0xff));
                }
                return;
            }
            if (b == 0x1B) {
                escapes++;
                ModemEmulator.this.write("\r\nOK\r\n");
                return;
            }
            if (b == '\n') {
                return;
            }
            if (b != '\r') {
                line.append((char) (b & 0xff));
                return;
            }
            String command = line.toString().strip();
            line.setLength(0);
            if (command.isEmpty()) {
                return;
            }
            commands.add(command);
            if (silent) {
                return;
            }
            if (babbling) {
                ModemEmulator.this.write(garbage(40));
                ModemEmulator.this.write("\r\n");
                return;
            }
            if (echo) {
                ModemEmulator.this.write(command + "\r");
            }
            answer(command);
        }

        private void answer(String command) {
            String upper = command.toUpperCase(Locale.ROOT);
            Matcher cmgs = CMGS.matcher(command);
            Matcher cpin = CPIN.matcher(command);
            if (garbageInAnswers) {
                ModemEmulator.this.write(garbage(12));
            }
            if (cmgs.matches()) {
                startMessage(cmgs.group(1));
            } else if (cpin.matches()) {
                pinAttempts++;
                if (sim == Sim.PIN && cpin.group(1).equals(pin)) {
                    sim = Sim.READY;
                    ok();
                    later.schedule(() -> unsolicited("+CPIN: READY"), 50, TimeUnit.MILLISECONDS);
                } else {
                    result("+CME ERROR: 16");
                }
            } else {
                switch (upper) {
                    case "AT":
                    case "AT+CMEE=1":
                    case "AT+CMGF=1":
                    case "AT+CSCS=\"GSM\"":
                    case "AT+CSCS=\"IRA\"":
                        ok();
                        break;
                    case "ATE0":
                        echo = false;
                        ok();
                        break;
                    case "AT+CPIN?":
                        switch (sim) {
                            case READY:
                                info("+CPIN: READY");
                                break;
                            case PIN:
                                info("+CPIN: SIM PIN");
                                break;
                            case PUK:
                                info("+CPIN: SIM PUK");
                                break;
                            default:
                                result("+CME ERROR: 10");
                                break;
                        }
                        break;
                    case "AT+CSQ":
                        info("+CSQ: " + rssi + ",99");
                        break;
                    case "AT+CREG?":
                        info("+CREG: 0," + creg);
                        break;
                    case "AT+CEREG?":
                        if (cereg < 0) {
                            result("ERROR");
                        } else {
                            info("+CEREG: 0," + cereg);
                        }
                        break;
                    default:
                        result("ERROR");
                        break;
                }
            }
        }

        private void info(String info) {
            StringBuilder sb = new StringBuilder();
            if (urcsInAnswers) {
                sb.append("\r\nRING\r\n\r\n+CREG: 1,\"1A2B\",\"01C2D3E4\",7\r\n");
            }
            sb.append("\r\n").append(info).append("\r\n");
            if (urcsInAnswers) {
                sb.append("\r\n+CMTI: \"SM\",3\r\n");
            }
            sb.append("\r\nOK\r\n");
            ModemEmulator.this.write(sb.toString());
        }

        private void ok() {
            result("OK");
        }

        private void result(String result) {
            if (urcsInAnswers) {
                ModemEmulator.this.write("\r\nRING\r\n");
            }
            ModemEmulator.this.write("\r\n" + result + "\r\n");
        }

        private void startMessage(String to) {
            if (sim == Sim.MISSING) {
                result("+CMS ERROR: 310");
                return;
            }
            if (sim != Sim.READY) {
                result("+CMS ERROR: 311");
                return;
            }
            Send behaviour = sends.poll();
            pending = behaviour == null ? new Normal() : behaviour;
            number = to;
            if (pending instanceof CmeError e) {
                result("+CME ERROR: " + e.code());
                return;
            }
            if (pending instanceof PlainError) {
                result("ERROR");
                return;
            }
            text = new StringBuilder();
            if (pending instanceof NoPrompt) {
                return;
            }
            if (pending instanceof Urcs) {
                ModemEmulator.this.write("\r\n+CMTI: \"SM\",4\r\n");
            }
            if (pending instanceof Garbage) {
                ModemEmulator.this.write(garbage(20));
            }
            ModemEmulator.this.write("\r\n> ");
        }

        private void submit(String body) {
            Send behaviour = pending;
            pending = null;
            if (behaviour instanceof HangUp) {
                hangUp.run();
                return;
            }
            if (behaviour instanceof CmsError e) {
                ModemEmulator.this.write("\r\n+CMS ERROR: " + e.code() + "\r\n");
                return;
            }
            messages.add(new Sms(number, body));
            int ref;
            synchronized (ModemEmulator.this) {
                ref = ++reference;
            }
            if (behaviour instanceof Slow slow) {
                later.schedule(() -> {
                    ModemEmulator.this.write("\r\n+CMGS: " + ref + "\r\n\r\nOK\r\n");
                    lateAnswers++;
                }, slow.delay().toMillis(), TimeUnit.MILLISECONDS);
            } else if (behaviour instanceof Garbage) {
                ModemEmulator.this.write(garbage(30));
                ModemEmulator.this.write("\r\n+CMGS: " + ref + "\r\n");
                ModemEmulator.this.write(garbage(10));
                ModemEmulator.this.write("\r\n\r\nOK\r\n");
            } else if (behaviour instanceof Urcs) {
                ModemEmulator.this.write("\r\nRING\r\n\r\n+CMGS: " + ref + "\r\n\r\n+CREG: 5\r\n"
                        + "\r\n+CMTI: \"SM\",5\r\n\r\nOK\r\n");
            } else {
                ModemEmulator.this.write("\r\n+CMGS: " + ref + "\r\n\r\nOK\r\n");
            }
        }
    }

    /** The most recent references given, for checks that a late answer was not taken for a new one. */
    synchronized int lastReference() {
        return reference;
    }

    static List<String> withoutStatus(List<String> commands) {
        List<String> out = new ArrayList<>();
        for (String c : commands) {
            if (!c.equals("AT+CSQ") && !c.equals("AT+CREG?") && !c.equals("AT+CEREG?")) {
                out.add(c);
            }
        }
        return out;
    }
}
