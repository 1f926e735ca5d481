package org.smartbox.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.cache.HealthCheck;
import org.smartbox.config.DeviceConfig;

/**
 * The interactive simulator on a terminal of a fixed size, as a person sees it: through JLine's dumb
 * terminal (plain frames, one screen tall) and through an xterm whose output a VT100 emulator draws
 * (JLine's {@link ScreenTerminal}), resized while it runs.
 */
class InteractiveConsoleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final PipedOutputStream keys = new PipedOutputStream();
    private Thread running;
    private SimulatedBox box;

    @AfterEach
    void quit() throws Exception {
        if (running != null && running.isAlive()) {
            // Esc first: it closes the help page or a command line, and is nothing on the box's screen.
            keys.write(new byte[] {27, 'q'});
            keys.flush();
            running.join(PATIENCE.toMillis());
        }
        assertFalse(running != null && running.isAlive(), "q ends the simulator");
    }

    /** Starts the demo box on {@code terminal}, its console on its own (driving) thread. */
    private void start(Terminal terminal, String link) {
        ProtocolOut out = new ProtocolOut(new PrintStream(OutputStream.nullOutputStream()));
        DeviceConfig config = SimBoxes.config("");
        Simulator.Options options = new Simulator.Options(config.box(), dir.resolve("box.db"), Optional.empty(),
                SimBoxes.NOW, () -> {
                    try {
                        return Optional.of(java.nio.file.Files.newInputStream(Path.of("device-config/demo-data.json")));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, kind -> {
                    throw new IllegalArgumentException(kind);
                }, () -> "simulated", at -> List.of(new HealthCheck("database", "ok", "ok", "")),
                new SecureRandom(), "test");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        running = new Thread(() -> {
            try (SimulatedBox started = Simulator.start(options, out)) {
                box = started;
                started.begin();
                new InteractiveConsole(started, new ScriptProtocol(started, out), out, terminal,
                        () -> Optional.ofNullable(link)).run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "console");
        running.start();
    }

    private void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** The lowest line with text above the footer: the event list grows down towards it. */
    private static String newestEvent(List<String> screen) {
        for (int i = screen.size() - 2; i >= 0; i--) {
            if (!screen.get(i).isBlank()) {
                return screen.get(i);
            }
        }
        return "";
    }

    // --- the dumb terminal: the last `rows` lines of output are what the person sees ---

    private static List<String> lastScreen(ByteArrayOutputStream output, int rows) {
        String[] lines = output.toString(StandardCharsets.UTF_8).replace("\r", "").split("\n", -1);
        // The cursor rests at the end of the last line: the screen is the last `rows` lines, that one included.
        return Arrays.asList(lines).subList(Math.max(0, lines.length - rows), lines.length);
    }

    @Test
    void aDumbTerminalOf80x24ShowsTheWholeBoxInPlainText() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).type(Terminal.TYPE_DUMB)
                .streams(new PipedInputStream(keys), output).size(new Size(80, 24)).build();
        start(terminal, null);

        type("5550000002#");
        await().atMost(PATIENCE).until(() -> String.join("\n", lastScreen(output, 24)).contains("Code sent to"));
        List<String> screen = lastScreen(output, 24);
        String all = String.join("\n", screen);
        assertTrue(screen.get(0).startsWith(" SmartBox simulator  SB-DEMO  "), all);
        assertTrue(screen.get(0).matches(".* \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC  SMS ok"), screen.get(0));
        assertTrue(all.contains("|Code sent to ***0002|"), all);
        assertTrue(all.contains("|Enter code, then #  |"), all);
        assertTrue(all.contains("| 1K | 2K | 3K | 4K | 5K | 6K |"), all);
        assertTrue(all.contains("Keypad: type 0-9 * # A-D"), all);
        assertTrue(newestEvent(screen).startsWith("   SMS +15550000002 SmartBox code "), "the newest event:\n" + all);
        assertEquals(" ? help   : command   q quit", screen.get(23));
        assertFalse(output.toString(StandardCharsets.UTF_8).contains("\033["), "no escape codes on a dumb terminal");

        type("?");
        await().atMost(PATIENCE).until(() -> String.join("\n", lastScreen(output, 24)).contains("Gus Guest"));
        all = String.join("\n", lastScreen(output, 24));
        assertTrue(all.contains("Olivia Owner  481516#"), all);
        assertTrue(all.contains("sms fail | sms ok"), all);
    }

    @Test
    void smsFailAndOkAreConfirmedOnTheScreen() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).type(Terminal.TYPE_DUMB)
                .streams(new PipedInputStream(keys), output).size(new Size(80, 24)).build();
        start(terminal, null);

        type(":sms fail\r");
        await().atMost(PATIENCE).until(() -> String.join("\n", lastScreen(output, 24)).contains("now fails every"));
        List<String> screen = lastScreen(output, 24);
        assertTrue(screen.get(0).contains("SMS FAILING"), screen.get(0));
        assertTrue(screen.contains("   > sms fail"), String.join("\n", screen));

        type(":sms ok\r");
        await().atMost(PATIENCE).until(() -> String.join("\n", lastScreen(output, 24)).contains("sends again"));
        assertTrue(lastScreen(output, 24).get(0).endsWith("SMS ok"), lastScreen(output, 24).get(0));
    }

    @Test
    void anArrowKeyIsNeitherEscNorAKeypadLetter() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).type(Terminal.TYPE_DUMB)
                .streams(new PipedInputStream(keys), output).size(new Size(80, 24)).build();
        start(terminal, null);

        // Left arrow while typing a command: the command still runs (Esc alone would drop it).
        type(":take 3\033[D\r");
        await().atMost(PATIENCE).until(() -> String.join("\n", lastScreen(output, 24)).contains("| 3. |"));
        assertTrue(lastScreen(output, 24).contains("   > take 3"), String.join("\n", lastScreen(output, 24)));
    }

    // --- an xterm drawn by a VT100 emulator, resized while the simulator runs ---

    /** The emulator's screen as text lines. */
    private static List<String> rows(ScreenTerminal screen) {
        return screen.toString().lines().toList();
    }

    @Test
    void anXtermIsDrawnInPlaceAndRedrawnOnResize() throws Exception {
        ScreenTerminal screen = new ScreenTerminal(80, 24);
        OutputStream toScreen = new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void flush() {
                screen.write(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        };
        ExternalTerminal terminal = new ExternalTerminal("test", "xterm-256color", new PipedInputStream(keys),
                toScreen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(80, 24));
        start(terminal, "connected");

        type("5550000002#");
        await().atMost(PATIENCE).until(() -> screen.toString().contains("Code sent to"));
        List<String> small = rows(screen);
        assertTrue(small.get(0).startsWith(" SmartBox simulator  SB-DEMO  "), screen.toString());
        assertTrue(small.get(0).contains("MQTT connected"), small.get(0));
        assertTrue(screen.toString().contains("| 7K | 8K | 9K |10K |11K |12K |"), screen.toString());
        assertTrue(newestEvent(small).startsWith("   SMS +15550000002 SmartBox code "), screen.toString());
        assertTrue(small.get(23).startsWith(" ? help"), screen.toString());

        // The window grows: the same box, laid out for 100x30, footer on the new last row.
        screen.setSize(100, 30);
        terminal.setSize(new Size(100, 30));
        terminal.raise(Terminal.Signal.WINCH);
        await().atMost(PATIENCE).until(() -> rows(screen).size() >= 30 && rows(screen).get(29).startsWith(" ? help"));
        List<String> big = rows(screen);
        assertTrue(big.get(0).startsWith(" SmartBox simulator  SB-DEMO  "), screen.toString());
        assertTrue(newestEvent(big).startsWith("   SMS +15550000002 SmartBox code "), screen.toString());
        assertTrue(screen.toString().contains("|Code sent to ***0002|"), screen.toString());

        // The released latch stands out in the cabinet: code, key 1 (Unit 4B in slot 3).
        String sms = newestEvent(big);
        String code = sms.replaceAll(".*SmartBox code (\\d{6}).*", "$1");
        type(code + "#1#");
        await().atMost(PATIENCE).until(() -> screen.toString().contains(" 3KU|"));
        assertTrue(screen.toString().contains("|Take key from slot 3|"), screen.toString());
    }
}
