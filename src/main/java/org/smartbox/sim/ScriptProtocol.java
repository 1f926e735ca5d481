package org.smartbox.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.kiosk.SyncService;
import org.smartbox.store.StoreException;

/**
 * The scripted simulator protocol (simulator-protocol.md): one command per input line; its event
 * lines, then exactly one {@code OK} or {@code ERROR <reason>}. A public interface: keep it stable.
 */
public final class ScriptProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptProtocol.class);
    private static final String KEYPAD = "0123456789*#ABCD";
    /** Ten years: far enough for any story, small enough to keep the arithmetic honest. */
    private static final BigDecimal MAX_ADVANCE_SECONDS = BigDecimal.valueOf(10L * 366 * 24 * 3600);

    /** Numbers in ASCII only: Java's parsers also take digits of other scripts ({@code take ١٢}). */
    private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern ASCII_DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

    private final SimulatedBox box;
    private final ProtocolOut out;

    public ScriptProtocol(SimulatedBox box, ProtocolOut out) {
        this.box = box;
        this.out = out;
    }

    /**
     * Reads commands until {@code quit} or end of input. A reader thread hands each line to this
     * thread, which runs the commands one after the other and, between two of them, whatever the
     * fleet link posted (a sync document, a grant). So every command still prints its lines and then
     * its one {@code OK} before the next command runs, and lines caused by the fleet link come
     * between two commands' blocks, never inside one.
     */
    public void run(BufferedReader in) throws IOException {
        boolean[] finished = {false};
        IOException[] failure = {null};
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line;
                    box.post(() -> finished[0] = finished[0] || !execute(command));
                }
            } catch (IOException e) {
                box.post(() -> failure[0] = e);
            }
            box.post(() -> finished[0] = true);
        }, "script-input");
        reader.setDaemon(true);
        reader.start();
        try {
            while (!finished[0]) {
                box.runPosted(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Runs one command line; false when it was {@code quit}. */
    public boolean execute(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return true;
        }
        int space = text.indexOf(' ');
        String command = space < 0 ? text : text.substring(0, space);
        String argument = space < 0 ? "" : text.substring(space + 1).strip();
        try {
            String error = dispatch(command, argument);
            if (error == null && command.equals("quit")) {
                box.close();
                out.last("OK");
                return false;
            }
            out.last(error == null ? "OK" : "ERROR " + oneLine(error));
        } catch (StoreException e) {
            out.last("ERROR " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("command failed: {}", command, e);
            out.last("ERROR internal error: " + oneLine(String.valueOf(e.getMessage())));
        } finally {
            out.flush();
        }
        return true;
    }

    /** Carries out a command; returns null on success, else the reason for the ERROR line. */
    private String dispatch(String command, String argument) {
        switch (command) {
            case "key":
                return key(argument);
            case "advance":
                return advance(argument);
            case "take":
            case "put":
                return physical(command, argument);
            case "sms":
                return sms(argument);
            case "apply":
                return apply(argument);
            case "grant":
                return grant(argument);
            case "quit":
                return argument.isEmpty() ? null : "quit takes no argument";
            default:
                return "unknown command \"" + command + "\" (key, advance, take, put, sms, apply, grant, quit)";
        }
    }

    private String key(String keys) {
        if (keys.isEmpty()) {
            return "key needs the keys to press, e.g. key 5550000002#";
        }
        for (char c : keys.toCharArray()) {
            if (KEYPAD.indexOf(c) < 0) {
                // Checked before any key is pressed: a bad command presses nothing.
                return "\"" + printable(c) + "\" is not a keypad key (0-9 * # A B C D)";
            }
        }
        box.press(keys);
        return null;
    }

    private String advance(String seconds) {
        BigDecimal value;
        try {
            // BigDecimal also reads exponents and digits of other scripts.
            if (!ASCII_DECIMAL.matcher(seconds).matches()) {
                throw new NumberFormatException(seconds);
            }
            value = new BigDecimal(seconds);
        } catch (NumberFormatException e) {
            return "advance needs a number of seconds, e.g. advance 30";
        }
        if (value.signum() < 0 || value.compareTo(MAX_ADVANCE_SECONDS) > 0) {
            return "advance takes 0 to " + MAX_ADVANCE_SECONDS + " seconds";
        }
        box.advance(value.movePointRight(3).longValue());
        return null;
    }

    private String physical(String command, String argument) {
        if (!ASCII_INTEGER.matcher(argument).matches() || argument.length() > 9) {
            return command + " needs a slot number 1-" + box.slots();
        }
        int slot = Integer.parseInt(argument);
        if (slot < 1 || slot > box.slots()) {
            return "no slot " + slot + " (1-" + box.slots() + ")";
        }
        boolean take = command.equals("take");
        boolean changed = take ? box.take(slot) : box.put(slot);
        if (!changed) {
            return take ? "slot " + slot + " is already empty" : "slot " + slot + " already holds a key";
        }
        return null;
    }

    private String sms(String argument) {
        switch (argument) {
            case "fail":
                box.smsFailing(true);
                return null;
            case "ok":
                box.smsFailing(false);
                return null;
            default:
                return "sms takes fail or ok";
        }
    }

    private String apply(String file) {
        if (file.isEmpty()) {
            return "apply needs a file";
        }
        try {
            SyncService.Outcome outcome = box.apply(Path.of(file));
            if (outcome instanceof SyncService.Outcome.Rejected rejected) {
                return rejected.rejection().message();
            }
            return null;
        } catch (NoSuchFileException e) {
            return file + ": no such file";
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return file + ": cannot read: " + e.getMessage();
        }
    }

    private String grant(String file) {
        if (file.isEmpty()) {
            return "grant needs a file";
        }
        try {
            return box.grant(Path.of(file)).map(reason -> "grant refused: " + reason).orElse(null);
        } catch (NoSuchFileException e) {
            return file + ": no such file";
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return file + ": cannot read: " + e.getMessage();
        }
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    /** An ERROR line may quote what was typed: line breaks become spaces, other control characters escapes. */
    private static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(c == '\r' || c == '\n' ? " " : printable(c));
        }
        return sb.toString();
    }
}
