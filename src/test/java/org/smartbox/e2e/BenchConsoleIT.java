package org.smartbox.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smartbox run --config bench.properties --console}: a technician tries a bench box by hand.
 * The screen's display is what the kiosk's I2C bytes drew on the emulated LCD; typed keys go through
 * the emulated keypad matrix to the real scanner; {@code :take 3} empties a key sensor.
 */
class BenchConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @TempDir
    Path dir;

    private Path config() throws IOException {
        String bench = Files.readString(SimProcess.projectDir().resolve("device-config/bench.properties"));
        Path config = dir.resolve("bench.properties");
        Files.writeString(config, bench.replace("sms.file=smartbox-bench-sms.txt", "sms.file=" + dir.resolve("sms.txt")));
        return config;
    }

    private List<String> smartbox(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", SimProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void aTechnicianPicksUpAKeyAtTheBenchConsole() throws Exception {
        Path config = config();
        Path db = dir.resolve("bench.db");
        Process imported = new ProcessBuilder(smartbox("import", "--config", config.toString(), "--db", db.toString(),
                SimProcess.projectDir().resolve("device-config/bench-data.json").toString())).directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertTrue(imported.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, imported.exitValue(), new String(imported.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        Process box = new ProcessBuilder(smartbox("run", "--config", config.toString(), "--db", db.toString(),
                "--console")).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        StringBuffer screen = new StringBuffer();
        Thread reader = new Thread(() -> copy(box.getInputStream(), screen), "console-reader");
        reader.start();
        OutputStream keys = box.getOutputStream();
        try {
            awaitScreen(screen, "|Mobile # or code    |");
            type(keys, "5550000002#");
            String code = codeSentTo("+15550000002");
            awaitScreen(screen, "|Code sent to ***0002|");
            type(keys, code + "#");
            awaitScreen(screen, "|Key no., then #     |");
            type(keys, "1#");
            awaitScreen(screen, "|Take key from slot 3|");
            awaitScreen(screen, "3KU");
            type(keys, ":take 3\r");
            awaitScreen(screen, "AUDIT PICKUP user=u-gus key=k-4b slot=3 factor=SMS");
            awaitScreen(screen, "3-");
            assertTrue(!screen.toString().contains(code + "|"), "the code is never on the display");
            type(keys, "q");
            assertTrue(box.waitFor(30, TimeUnit.SECONDS), "q stops the box");
            assertEquals(0, box.exitValue());
        } finally {
            box.destroyForcibly();
            reader.join(5000);
        }
        assertEquals("", Files.readString(dir.resolve("stderr.txt")), "logs go to the file, not over the screen");
        String log = Files.readString(dir.resolve("bench.log"));
        assertTrue(log.contains("box SB-BENCH serving"), log);
        assertTrue(!log.contains("[ERROR]") && !log.contains("held for 30 s"), "no board-detection errors, no stuck key: "
                + log);
    }

    @Test
    void theConsoleIsRefusedForARealBoxBeforeAnythingIsTouched() throws Exception {
        Process run = new ProcessBuilder(smartbox("run", "--config",
                SimProcess.projectDir().resolve("device-config/smartbox.properties").toString(), "--console"))
                .directory(dir.toFile()).start();
        run.getOutputStream().close();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, run.exitValue(), err);
        assertTrue(err.contains("--console is for bench boxes"), err);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing created");
        }
    }

    private String codeSentTo(String mobile) throws IOException {
        Path sms = dir.resolve("sms.txt");
        await("an SMS to " + mobile).atMost(WAIT).until(() -> {
            try {
                return Files.exists(sms) && Files.readString(sms).contains(mobile);
            } catch (IOException e) {
                return false;
            }
        });
        String text = Files.readString(sms);
        Matcher m = CODE.matcher(text.substring(text.lastIndexOf(mobile) + mobile.length()));
        assertTrue(m.find(), text);
        return m.group(1);
    }

    private static void type(OutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private static void awaitScreen(StringBuffer screen, String text) {
        await().atMost(WAIT).untilAsserted(() -> assertTrue(screen.indexOf(text) >= 0,
                () -> "the console to show " + text + "; last screen:\n" + last(screen)));
    }

    private static String last(StringBuffer screen) {
        int start = screen.lastIndexOf("\033[H");
        return start < 0 ? screen.toString() : screen.substring(start);
    }

    private static void copy(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
