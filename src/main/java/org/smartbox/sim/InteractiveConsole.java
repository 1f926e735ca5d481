package org.smartbox.sim;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.NonBlockingReader;

/**
 * The simulator for a person at a terminal: the title with the clock and the links, the 20x4 display,
 * the slots as a cabinet, the keypad help and the newest events, laid out for the terminal's size
 * ({@link SimScreen}) and redrawn when it changes. Keys are pressed as they are typed; {@code :} opens
 * a command line for the script commands ({@code take 3}, {@code advance 30}, ...); {@code ?} shows who
 * is in the demo data. Time runs in real time here, and {@code advance} jumps ahead. The protocol
 * lines are the same as the script's; this screen only reads them.
 */
public final class InteractiveConsole {

    /** Event lines kept for a tall terminal; a short one shows the newest that fit. */
    private static final int EVENTS_KEPT = 200;
    private static final long POLL_MILLIS = 200;
    /** A terminal sends a key's escape sequence in one go: what follows Esc this soon belongs to it. */
    private static final long ESCAPE_MILLIS = 30;

    private final SimulatedBox box;
    private final ScriptProtocol protocol;
    private final Terminal terminal;
    private final Supplier<Optional<String>> link;
    private final Deque<String> events = new ArrayDeque<>();
    /** Latches released now, as the protocol's UNLOCK and LOCK lines said (every latch is held at start). */
    private final Set<Integer> released = new HashSet<>();
    private CommandLineInput command;
    private boolean help;
    private boolean running = true;
    private volatile boolean resized;
    /** The last protocol line, to tell whether a command ended in OK. */
    private String lastLine = "";

    /**
     * @param link the MQTT link's state in a few words, or empty when the config names no broker
     */
    public InteractiveConsole(SimulatedBox box, ScriptProtocol protocol, ProtocolOut out, Terminal terminal,
                              Supplier<Optional<String>> link) {
        this.box = box;
        this.protocol = protocol;
        this.terminal = terminal;
        this.link = link;
        out.tap(this::remember);
    }

    public void run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.WINCH, signal -> resized = true);
        try (ScreenPainter painter = new ScreenPainter(terminal)) {
            NonBlockingReader reader = terminal.reader();
            long last = System.nanoTime();
            draw(painter);
            while (running) {
                int c = reader.read(POLL_MILLIS);
                long now = System.nanoTime();
                long elapsed = (now - last) / 1_000_000;
                if (elapsed > 0) {
                    box.advance(elapsed);
                    last += elapsed * 1_000_000;
                }
                if (c == 27 && escapeSequence(reader)) {
                    // An arrow or function key: not Esc, and its letters are no keypad A-D.
                } else if (c >= 0) {
                    typed((char) c);
                } else if (c == NonBlockingReader.EOF) {
                    running = false;
                }
                // Work the fleet link handed over (a sync document, a grant) runs between keys.
                box.runPosted();
                draw(painter);
            }
        } finally {
            terminal.handle(Terminal.Signal.WINCH, previous);
            terminal.setAttributes(saved);
            terminal.writer().println();
            terminal.flush();
        }
    }

    /**
     * After an Esc: true when a terminal's key sequence follows at once ({@code ESC [ A} for an arrow
     * key, {@code ESC O P} for F1), which is then read to its end; false for Esc pressed on its own.
     */
    private static boolean escapeSequence(NonBlockingReader reader) throws IOException {
        int next = reader.peek(ESCAPE_MILLIS);
        if (next != '[' && next != 'O') {
            return false;
        }
        reader.read();
        int c;
        do {
            c = reader.read(ESCAPE_MILLIS);
            // Parameters and intermediates are 0x20-0x3F; a byte from 0x40 to 0x7E ends the sequence.
        } while (c >= 0x20 && c < 0x40);
        return true;
    }

    private void typed(char c) {
        if (command != null) {
            commandKey(c);
            return;
        }
        if (help) {
            // Any key closes the page; none of them reaches the keypad by accident.
            help = false;
            return;
        }
        char key = Character.toUpperCase(c);
        if ("0123456789*#ABCD".indexOf(key) >= 0) {
            protocol.execute("key " + key);
        } else if (c == ':') {
            command = new CommandLineInput();
        } else if (c == '?') {
            help = true;
        } else if (c == 'q' || c == 3 || c == 4) {
            running = protocol.execute("quit");
        }
    }

    private void commandKey(char c) {
        switch (command.type(c)) {
            case ENTERED -> {
                String line = command.text().strip();
                command = null;
                if (!line.isEmpty()) {
                    run(line);
                }
            }
            case CANCELLED -> command = null;
            case EDITING -> { }
        }
    }

    /** A typed command: echoed in the events, its lines after it, and a word when it worked quietly. */
    private void run(String line) {
        remember("> " + line);
        running = protocol.execute(line);
        if (!lastLine.equals("OK")) {
            return;
        }
        // sms fail / sms ok print nothing but OK: say what changed, or the person is left guessing.
        switch (line.replaceAll("\\s+", " ")) {
            case "sms fail" -> remember("SMS gateway (simulated) now fails every message; ':sms ok' to restore");
            case "sms ok" -> remember("SMS gateway (simulated) sends again");
            default -> { }
        }
    }

    private synchronized void remember(String line) {
        lastLine = line;
        if (line.startsWith("UNLOCK ") || line.startsWith("LOCK ")) {
            latch(line);
        }
        // The display and the cabinet are drawn above; OK adds nothing a person needs.
        if (line.equals("OK") || line.startsWith("DISPLAY ")) {
            return;
        }
        events.addLast(line);
        while (events.size() > EVENTS_KEPT) {
            events.removeFirst();
        }
    }

    private void latch(String line) {
        int space = line.indexOf(' ');
        try {
            int slot = Integer.parseInt(line.substring(space + 1));
            if (line.startsWith("UNLOCK")) {
                released.add(slot);
            } else {
                released.remove(slot);
            }
        } catch (NumberFormatException e) {
            // Not a latch line after all: nothing to show.
        }
    }

    /** What the screen shows now. */
    synchronized SimView view() {
        String boxId = box.config().boxId();
        return new SimView(boxId, box.clock().now().wall(), link.get(), box.smsFailing(),
                box.display().current().lines(), box.sensors().snapshot(), Set.copyOf(released),
                new ArrayList<>(events), command == null ? null : command.text(), help,
                boxId.equals(HelpPage.DEMO_BOX));
    }

    private void draw(ScreenPainter painter) {
        if (resized) {
            // The terminal may have reflowed what was there: draw every cell again.
            resized = false;
            painter.invalidate();
        }
        Size size = painter.size();
        List<AttributedString> lines = SimScreen.render(view(), size.getColumns(), size.getRows(),
                painter.colour());
        painter.paint(lines, size);
    }
}
