package org.smartbox.hardware.pi4j;

import java.util.OptionalInt;

/**
 * Turns raw keypad scans into presses. A scan is a bit set (bit i: key i reads closed). A reading
 * counts once it came out the same in {@code stableScans} scans in a row, which rides out contact
 * bounce. A key counts once, when it goes down, and never repeats while held. A key pressed while
 * another is held still counts (fast typing overlaps), but two keys that go down in the same
 * reading count as neither, and with three or more down no key counts: a diode-less matrix shows
 * phantom keys then, and the box cannot tell which ones are real.
 */
public final class KeyScanFilter {

    private final int stableScans;
    private long candidate;
    private int seen;
    private long stable;

    public KeyScanFilter(int stableScans) {
        if (stableScans < 1) {
            throw new IllegalArgumentException("stableScans must be at least 1");
        }
        this.stableScans = stableScans;
    }

    /** One scan; returns the index of the key that counts as pressed by it, if any. */
    public OptionalInt scan(long raw) {
        if (raw == candidate) {
            if (seen < stableScans) {
                seen++;
            }
        } else {
            candidate = raw;
            seen = 1;
        }
        if (seen < stableScans || candidate == stable) {
            return OptionalInt.empty();
        }
        long fresh = candidate & ~stable;
        stable = candidate;
        if (Long.bitCount(fresh) != 1 || Long.bitCount(stable) > 2) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Long.numberOfTrailingZeros(fresh));
    }

    /** True when no key is down and none is on its way: the scanner may rest. */
    public boolean idle() {
        return stable == 0 && candidate == 0;
    }

    /** The keys currently counted as down. */
    public long down() {
        return stable;
    }
}
