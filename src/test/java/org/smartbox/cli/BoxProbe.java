package org.smartbox.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smartbox.hardware.pi4j.KeypadMatrix;
import org.smartbox.store.AuditRecord;

/** What a test of a running box does as a person would: type on the keypad, read the SMS file, read the audit log. */
final class BoxProbe {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private BoxProbe() {
    }

    /** Presses each key as a finger would: down until the scanner has seen it, up until it rests. */
    static void type(KeypadMatrix keypad, String keys, Duration wait) {
        for (char key : keys.toCharArray()) {
            keypad.press(key);
            int seen = keypad.scans() + 5;
            await("the scanner reads '" + key + "'").atMost(wait).until(() -> keypad.scans() >= seen);
            keypad.release(key);
            await("the keypad at rest").atMost(wait).until(keypad::scannerAtRest);
        }
    }

    /** The code in the newest message to {@code e164}, waiting for one. */
    static String codeSentTo(Path sms, String e164, Duration wait) {
        await("an SMS to " + e164).atMost(wait).until(() -> smsLines(sms).stream()
                .anyMatch(l -> l.contains(" " + e164 + " ")));
        List<String> lines = smsLines(sms);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(" " + e164 + " ")) {
                Matcher m = CODE.matcher(lines.get(i).substring(lines.get(i).indexOf(e164) + e164.length()));
                assertTrue(m.find(), lines.get(i));
                return m.group(1);
            }
        }
        throw new AssertionError("no SMS to " + e164);
    }

    static List<String> smsLines(Path sms) {
        try {
            return Files.exists(sms) ? Files.readAllLines(sms) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The audit log as the loop thread sees it (the only thread that touches the database). */
    static List<String> audit(RunningBox box) throws Exception {
        CompletableFuture<List<String>> lines = new CompletableFuture<>();
        box.kiosk().loop().execute(() -> lines.complete(box.kiosk().data().audit().list(0, 10_000).stream()
                .map(AuditRecord::line).toList()));
        return lines.get(10, TimeUnit.SECONDS);
    }

    static void awaitAudit(RunningBox box, String fragment, Duration wait) {
        await("audit entry " + fragment).atMost(wait).ignoreExceptions()
                .until(() -> audit(box).stream().anyMatch(l -> l.contains(fragment)));
    }
}
