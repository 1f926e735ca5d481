package org.smartbox.hardware.pi4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartbox.config.HardwareConfig;

/** The scanner against an emulated key matrix on mock pins, as the keys would be pressed by hand. */
class MatrixKeypadTest {

    private static final String KEYS_4X4 = "123A456B789C*0#D";
    private static final String KEYS_4X3 = "123456789*0#";

    private final BlockingQueue<Character> pressed = new LinkedBlockingQueue<>();
    private Context pi4j;
    private MatrixKeypad keypad;
    private KeypadMatrix matrix;

    @AfterEach
    void tearDown() {
        if (keypad != null) {
            keypad.close();
        }
        if (pi4j != null) {
            pi4j.shutdown();
        }
    }

    private void start(String keys, int columns) {
        start(keys, columns, HardwareConfig.Wake.EDGE);
    }

    private void start(String keys, int columns, HardwareConfig.Wake wake) {
        pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
        List<Integer> columnPins = List.of(11, 14, 15, 18).subList(0, columns);
        keypad = new MatrixKeypad(pi4j, new HardwareConfig.Keypad(List.of(7, 8, 9, 10), columnPins, keys,
                Duration.ofMillis(15), 3, wake));
        matrix = new KeypadMatrix(pi4j, 4, columns, keys);
        keypad.start(pressed::add);
    }

    private char next() throws InterruptedException {
        Character key = pressed.poll(5, TimeUnit.SECONDS);
        assertTrue(key != null, "a key press was expected");
        return key;
    }

    /** Lets the scanner run {@code count} more full scans of the matrix. */
    private void scans(int count) {
        int target = matrix.scans() + count;
        await("scan " + target).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> matrix.scans() >= target);
    }

    /** Waits until the scanner has seen every key let go and rests again. */
    private void atRest() {
        await("the scanner at rest").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(matrix::scannerAtRest);
    }

    private void tap(char key) throws InterruptedException {
        matrix.press(key);
        assertEquals(key, next());
        matrix.release(key);
        atRest();
    }

    @Test
    void everyKeyOfA4x4KeypadIsReadWhereItSits() throws InterruptedException {
        start(KEYS_4X4, 4);
        for (char key : KEYS_4X4.toCharArray()) {
            tap(key);
        }
        assertNull(pressed.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void a4x3KeypadTypesAMobileNumber() throws InterruptedException {
        start(KEYS_4X3, 3);
        StringBuilder typed = new StringBuilder();
        for (char key : "5550000002#".toCharArray()) {
            matrix.press(key);
            typed.append(next());
            matrix.release(key);
            atRest();
        }
        assertEquals("5550000002#", typed.toString());
    }

    @Test
    void aHeldKeyCountsOnceWithoutRepeating() throws InterruptedException {
        start(KEYS_4X4, 4);
        matrix.press('5');
        assertEquals('5', next());
        scans(40);
        assertNull(pressed.poll(100, TimeUnit.MILLISECONDS), "no auto-repeat");
        matrix.release('5');
        atRest();
        tap('5');
    }

    @Test
    void contactBounceGivesOnePress() throws InterruptedException {
        start(KEYS_4X4, 4);
        matrix.bounce('7', true, false, true, false, true, true, false, true, true, true, true);
        assertEquals('7', next());
        scans(20);
        matrix.release('7');
        assertNull(pressed.poll(300, TimeUnit.MILLISECONDS), "one press, however it bounced");
    }

    @Test
    void aBlipShorterThanTheDebounceIsIgnored() throws InterruptedException {
        start(KEYS_4X4, 4);
        matrix.bounce('3', true, true, false);
        scans(3);
        atRest();
        matrix.release('3');
        assertNull(pressed.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void twoKeysPressedTogetherGiveNoKeyAndNoGhost() throws InterruptedException {
        start(KEYS_4X4, 4);
        matrix.bounce('1', true); // both land in the same scan
        matrix.press('5');
        scans(20);
        matrix.releaseAll();
        atRest();
        assertNull(pressed.poll(300, TimeUnit.MILLISECONDS), "neither key, and no phantom");
        tap('9');
    }

    @Test
    void threeKeysInAnLNeverShowTheirPhantom() throws InterruptedException {
        start(KEYS_4X4, 4);
        matrix.press('1');
        assertEquals('1', next());
        matrix.press('2');
        assertEquals('2', next());
        matrix.press('4'); // with 1 and 2 this closes the loop through 5
        scans(20);
        matrix.releaseAll();
        assertNull(pressed.poll(300, TimeUnit.MILLISECONDS), "neither 4 nor the phantom 5");
    }

    @Test
    void aStuckKeyLeavesTheOthersWorking() throws InterruptedException {
        start(KEYS_4X4, 4);
        matrix.press('0');
        assertEquals('0', next());
        for (char key : "123#".toCharArray()) {
            matrix.press(key);
            assertEquals(key, next());
            matrix.release(key);
            scans(4); // the scanner never rests while a key is stuck
        }
        assertNull(pressed.poll(200, TimeUnit.MILLISECONDS), "the stuck key does not repeat");
    }

    @Test
    void atRestTheScannerOnlyReadsTheColumns() throws InterruptedException {
        start(KEYS_4X4, 4);
        tap('8');
        int changes = matrix.rowChanges();
        // About 30 scan periods with nothing pressed: no row is driven, and the scanner is still there
        // (a dead scanner drives no row either).
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .failFast("a row was driven while no key is down", () -> matrix.rowChanges() != changes)
                .until(keypad::alive);
        tap('8');
    }

    @Test
    void withNoKeyDownTheScannerSleepsUntilAColumnFallsThenScansAndSleepsAgain() throws InterruptedException {
        start(KEYS_4X4, 4);
        await("the scanner asleep").atMost(Duration.ofSeconds(5)).until(keypad::asleep);
        assertTrue(matrix.scannerAtRest(), "asleep with every row low, so any key pulls its column down");
        int scansAsleep = matrix.scans();
        matrix.press('5');
        assertEquals('5', next(), "the falling column woke it");
        assertTrue(matrix.scans() > scansAsleep, "it scanned row by row while the key was down");
        matrix.release('5');
        await("asleep again once the key is up").atMost(Duration.ofSeconds(5)).until(keypad::asleep);
        tap('#');
    }

    @Test
    void thePollingScannerNeverSleeps() throws InterruptedException {
        start(KEYS_4X4, 4, HardwareConfig.Wake.POLL);
        tap('1');
        for (int i = 0; i < 20; i++) {
            scans(0);
            assertFalse(keypad.asleep(), "keypad.wake=poll reads the columns every scan period");
        }
        tap('2');
    }
}
