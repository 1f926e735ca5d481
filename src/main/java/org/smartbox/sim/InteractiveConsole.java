package org.smartbox.sim;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * The simulator for a person at a terminal: the 20x4 display in a frame, a keypad legend, the slots,
 * and the latest event lines. Keys are pressed as they are typed; {@code :} opens a command line for
 * the script commands ({@code take 3}, {@code advance 30}, ...). Time runs in real time here, and
 * {@code advance} jumps ahead.
 */
public final class InteractiveConsole {

    private static final int EVENTS_SHOWN = 12;
    private static final long POLL_MILLIS = 200;
    private static final List<String> HELP = List.of("Keypad: type 0-9 * # A-D      q: quit",
            "Commands: ':' then take N | put N | advance SECONDS | sms fail | sms ok |",
            "          apply FILE | grant FILE   (Enter runs, Esc cancels)");

    private final SimulatedBox box;
    private final ScriptProtocol protocol;
    private final Terminal terminal;
    private final Deque<String> events = new ArrayDeque<>();
    private CommandLineInput command;
    private boolean running = true;

    public InteractiveConsole(SimulatedBox box, ScriptProtocol protocol, ProtocolOut out, Terminal terminal) {
        this.box = box;
        this.protocol = protocol;
        this.terminal = terminal;
        out.tap(this::remember);
    }

    public void run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        try {
            NonBlockingReader reader = terminal.reader();
            long last = System.nanoTime();
            draw();
            while (running) {
                int c = reader.read(POLL_MILLIS);
                long now = System.nanoTime();
                long elapsed = (now - last) / 1_000_000;
                if (elapsed > 0) {
                    box.advance(elapsed);
                    last += elapsed * 1_000_000;
                }
                if (c >= 0) {
                    typed((char) c);
                } else if (c == NonBlockingReader.EOF) {
                    running = false;
                }
                // Work the fleet link handed over (a sync document, a grant) runs between keys.
                box.runPosted();
                draw();
            }
        } finally {
            terminal.setAttributes(saved);
            terminal.writer().println();
            terminal.flush();
        }
    }

    private void typed(char c) {
        if (command != null) {
            commandKey(c);
            return;
        }
        char key = Character.toUpperCase(c);
        if ("0123456789*#ABCD".indexOf(key) >= 0) {
            protocol.execute("key " + key);
        } else if (c == ':') {
            command = new CommandLineInput();
        } else if (c == 'q' || c == 3 || c == 4) {
            running = protocol.execute("quit");
        }
    }

    private void commandKey(char c) {
        switch (command.type(c)) {
            case ENTERED -> {
                String line = command.text();
                command = null;
                running = protocol.execute(line);
            }
            case CANCELLED -> command = null;
            case EDITING -> { }
        }
    }

    private void remember(String line) {
        // The display is drawn above; the list keeps what it cannot show.
        if (line.equals("OK") || line.startsWith("DISPLAY ")) {
            return;
        }
        events.addLast(line);
        while (events.size() > EVENTS_SHOWN) {
            events.removeFirst();
        }
    }

    private void draw() {
        Instant now = box.clock().now().wall();
        terminal.writer().print(ConsoleScreen.render("SmartBox simulator, box " + box.config().boxId()
                + "   " + now, box.display().current().lines(), HELP, box.sensors().snapshot(), List.of(), events,
                command == null ? null : command.text()));
        terminal.flush();
    }
}
