package org.smartbox.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The keypad's wiring, emulated on Pi4J mock pins: whenever the scanner changes a row, each column
 * is recomputed; a column reads low if a closed key joins it to a row that is driven low, else high
 * as its pull-up makes it (so a bench box at rest has no key down). A key may bounce: its contact
 * follows a pattern, one step per completed scan of the matrix.
 */
public final class KeypadMatrix {

    private final DigitalOutput[] rows;
    private final MockDigitalInput[] columns;
    private final String keys;
    private final Map<Character, Deque<Boolean>> closed = new HashMap<>();
    private int scans;
    private int rowChanges;
    private int lastRow = -1;
    private DigitalState lastState;

    public KeypadMatrix(Context pi4j, int rowCount, int columnCount, String keys) {
        this.keys = keys;
        this.rows = new DigitalOutput[rowCount];
        this.columns = new MockDigitalInput[columnCount];
        for (int c = 0; c < columnCount; c++) {
            columns[c] = pi4j.registry().get("keypad-column-" + (c + 1), MockDigitalInput.class);
        }
        for (int r = 0; r < rowCount; r++) {
            rows[r] = pi4j.registry().get("keypad-row-" + (r + 1), DigitalOutput.class);
            int row = r;
            rows[r].addListener(event -> rowChanged(row, event.state()));
        }
        refresh();
    }

    /** Closes the key's contact (cleanly) until {@link #release(char)}. */
    public synchronized void press(char key) {
        bounce(key, true);
    }

    /**
     * Closes the key's contact following {@code pattern}, one step per scan; the last step stays.
     */
    public synchronized void bounce(char key, boolean... pattern) {
        Deque<Boolean> steps = new ArrayDeque<>();
        for (boolean step : pattern) {
            steps.add(step);
        }
        closed.put(key, steps);
        refresh();
    }

    public synchronized void release(char key) {
        closed.remove(key);
        refresh();
    }

    public synchronized void releaseAll() {
        closed.clear();
        refresh();
    }

    /** Completed row-by-row scans so far. */
    public synchronized int scans() {
        return scans;
    }

    /** True while the scanner rests: every row driven low at once, which it does only with no key down. */
    public synchronized boolean scannerAtRest() {
        for (DigitalOutput row : rows) {
            if (row.state() != DigitalState.LOW) {
                return false;
            }
        }
        return true;
    }

    /** Times the scanner changed a row output so far. */
    public synchronized int rowChanges() {
        return rowChanges;
    }

    private synchronized void rowChanged(int row, DigitalState state) {
        rowChanges++;
        refresh();
        boolean lastRowReadAlone = lastRow == row && lastState == DigitalState.LOW;
        lastRow = row;
        lastState = state;
        if (row == rows.length - 1 && state == DigitalState.HIGH && lastRowReadAlone && othersHigh(row)) {
            // The last row is let go after it was read alone: one scan is complete.
            scans++;
            for (Deque<Boolean> steps : closed.values()) {
                if (steps.size() > 1) {
                    steps.removeFirst();
                }
            }
        }
    }

    private boolean othersHigh(int row) {
        for (int r = 0; r < rows.length; r++) {
            if (r != row && rows[r].state() != DigitalState.HIGH) {
                return false;
            }
        }
        return true;
    }

    private void refresh() {
        for (int c = 0; c < columns.length; c++) {
            boolean low = false;
            for (int r = 0; r < rows.length; r++) {
                if (rows[r] != null && rows[r].state() == DigitalState.LOW && contact(keys.charAt(r * columns.length + c))) {
                    low = true;
                }
            }
            columns[c].mockState(low ? DigitalState.LOW : DigitalState.HIGH);
        }
    }

    private boolean contact(char key) {
        Deque<Boolean> steps = closed.get(key);
        return steps != null && steps.peekFirst();
    }
}
