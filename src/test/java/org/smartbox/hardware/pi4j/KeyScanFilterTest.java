package org.smartbox.hardware.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keypad's rules, scan by scan: bits are keys, three equal scans make a reading. */
class KeyScanFilterTest {

    private static final long ONE = 1L << 0;
    private static final long TWO = 1L << 1;
    private static final long FIVE = 1L << 5;
    private static final long EIGHT = 1L << 9;

    private final KeyScanFilter filter = new KeyScanFilter(3);

    private List<Integer> feed(long... scans) {
        List<Integer> keys = new ArrayList<>();
        for (long scan : scans) {
            filter.scan(scan).ifPresent(keys::add);
        }
        return keys;
    }

    @Test
    void aKeyCountsAfterThreeEqualScans() {
        assertEquals(List.of(), feed(0, ONE, ONE));
        assertEquals(List.of(0), feed(ONE));
    }

    @Test
    void aHeldKeyCountsOnceWithoutRepeat() {
        long[] held = new long[500];
        java.util.Arrays.fill(held, FIVE);
        assertEquals(List.of(5), feed(held));
        assertEquals(List.of(5), feed(0, 0, 0, FIVE, FIVE, FIVE), "released and pressed again: counts again");
    }

    @Test
    void bounceShorterThanTheWindowCountsNothing() {
        assertEquals(List.of(), feed(ONE, 0, ONE, 0, ONE, ONE, 0, 0, 0));
    }

    @Test
    void bouncingPressCountsOnceWhenItSettles() {
        assertEquals(List.of(0), feed(ONE, 0, ONE, 0, ONE, ONE, ONE, ONE, 0, ONE, 0, 0, 0));
    }

    @Test
    void aSecondKeyPressedWhileTheFirstIsHeldCounts() {
        assertEquals(List.of(0, 1), feed(ONE, ONE, ONE, ONE | TWO, ONE | TWO, ONE | TWO, TWO, TWO, TWO, 0, 0, 0));
    }

    @Test
    void twoKeysLandingTogetherCountAsNeither() {
        assertEquals(List.of(), feed(ONE | TWO, ONE | TWO, ONE | TWO, TWO, TWO, TWO));
        assertEquals(List.of(5), feed(0, 0, 0, FIVE, FIVE, FIVE), "after both are let go the keypad works");
    }

    @Test
    void phantomKeysOfThreePressedNeverCount() {
        // 1 (r0,c0), 2 (r0,c1) and 5 (r1,c1) pressed: 4 (r1,c0) shows up as a phantom.
        long four = 1L << 4;
        long fiveKey = 1L << 5;
        assertEquals(List.of(0, 1), feed(ONE, ONE, ONE, ONE | TWO, ONE | TWO, ONE | TWO));
        assertEquals(List.of(), feed(ONE | TWO | four | fiveKey, ONE | TWO | four | fiveKey, ONE | TWO | four | fiveKey));
        assertEquals(List.of(), feed(fiveKey, fiveKey, fiveKey), "what remains held never counts later");
    }

    @Test
    void aStuckKeyDoesNotBlockTheOthers() {
        assertEquals(List.of(9), feed(EIGHT, EIGHT, EIGHT));
        assertEquals(List.of(0), feed(EIGHT | ONE, EIGHT | ONE, EIGHT | ONE, EIGHT, EIGHT, EIGHT));
        assertEquals(List.of(1), feed(EIGHT | TWO, EIGHT | TWO, EIGHT | TWO, EIGHT, EIGHT, EIGHT));
    }
}
