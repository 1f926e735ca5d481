package org.smartbox.sim;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;
import org.smartbox.hardware.pi4j.MockBench;

/**
 * {@code smartbox run --console} on a bench box: the simulator's screen (see {@link ConsoleScreen})
 * over the real kiosk on Pi4J's mock platform. The display is what the I2C bytes drew on the
 * emulated LCD; typed keys are pressed on the emulated keypad matrix, which the real scanner reads;
 * {@code take N} / {@code put N} empty and fill the key sensors; the slot line shows the latch
 * outputs as they are driven. Time is the real time (this is the real box, not the simulator).
 */
public final class BenchConsole {

    private static final int EVENTS_SHOWN = 12;
    private static final long POLL_MILLIS = 100;
    private static final Duration KEY_PATIENCE = Duration.ofSeconds(2);
    private static final List<String> HELP = List.of("Keypad: type 0-9 * # A-D      q: quit (stops the box)",
            "Commands: ':' then take N | put N | quit   (Enter runs, Esc cancels)");

    private final MockBench bench;
    private final String title;
    private final Terminal terminal;
    private final Deque<String> events = new ArrayDeque<>();
    private CommandLineInput command;
    private volatile boolean running = true;

    public BenchConsole(MockBench bench, String boxId, Terminal terminal) {
        this.bench = bench;
        this.title = "SmartBox bench box " + boxId + " (mock platform: the LCD as its I2C bytes draw it)";
        this.terminal = terminal;
    }

    /** An event line for the list under the display (from any thread). */
    public synchronized void event(String line) {
        events.addLast(line);
        while (events.size() > EVENTS_SHOWN) {
            events.removeFirst();
        }
    }

    /** Ends {@link #run()} from another thread (the box stopped). */
    public void stop() {
        running = false;
    }

    /** Runs until {@code q}, {@code :quit}, end of input or {@link #stop()}. */
    public void run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        try {
            NonBlockingReader reader = terminal.reader();
            String drawn = "";
            while (running) {
                int c = reader.read(POLL_MILLIS);
                if (c >= 0) {
                    typed((char) c);
                } else if (c == NonBlockingReader.EOF) {
                    running = false;
                }
                String screen = screen();
                if (!screen.equals(drawn)) {
                    terminal.writer().print(screen);
                    terminal.flush();
                    drawn = screen;
                }
            }
        } finally {
            terminal.setAttributes(saved);
            terminal.writer().println();
            terminal.flush();
        }
    }

    /** What the terminal shows now. */
    synchronized String screen() {
        return ConsoleScreen.render(title, bench.lcd(), HELP, bench.sensors(), bench.released(), events,
                command == null ? null : command.text());
    }

    /** One typed character: a key, the start or part of a command line, or quit. */
    void typed(char c) {
        if (command != null) {
            commandKey(c);
            return;
        }
        char key = Character.toUpperCase(c);
        if ("0123456789*#ABCD".indexOf(key) >= 0) {
            if (!bench.type(key, KEY_PATIENCE)) {
                event("ERROR the keypad did not read '" + key + "' (not on this keypad, or the scanner is busy)");
            }
        } else if (c == ':') {
            command = new CommandLineInput();
        } else if (c == 'q' || c == 3 || c == 4) {
            running = false;
        }
    }

    private void commandKey(char c) {
        switch (command.type(c)) {
            case ENTERED -> {
                String line = command.text();
                command = null;
                execute(line.strip());
            }
            case CANCELLED -> command = null;
            case EDITING -> { }
        }
    }

    /** {@code take N}, {@code put N} or {@code quit}; anything else is an error line. */
    void execute(String line) {
        String[] words = line.toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 1 && words[0].equals("quit")) {
            running = false;
            return;
        }
        if (words.length == 2 && (words[0].equals("take") || words[0].equals("put"))) {
            int slot;
            try {
                slot = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                slot = -1;
            }
            if (slot < 1 || slot > bench.slots()) {
                event("ERROR no slot " + words[1] + " (1-" + bench.slots() + ")");
                return;
            }
            bench.sensor(slot, words[0].equals("put"));
            event((words[0].equals("put") ? "a key pushed into slot " : "the key pulled out of slot ") + slot);
            return;
        }
        if (!line.isEmpty()) {
            event("ERROR unknown command: " + line + " (take N, put N, quit)");
        }
    }

    boolean running() {
        return running;
    }
}
