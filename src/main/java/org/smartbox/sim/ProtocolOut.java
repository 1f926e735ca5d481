package org.smartbox.sim;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The simulator's stdout: protocol lines only, one per event, whole lines even when several threads
 * write. Flushed at the end of each command, so a driver sees a command's lines together.
 */
public final class ProtocolOut {

    private final PrintStream out;
    private volatile Consumer<String> tap = line -> { };

    public ProtocolOut(PrintStream out) {
        this.out = out;
    }

    public synchronized void line(String text) {
        out.print(text);
        out.print('\n');
        tap.accept(text);
    }

    public synchronized void flush() {
        out.flush();
    }

    /** Also hands every line to {@code listener} (the interactive screen keeps the recent ones). */
    public void tap(Consumer<String> listener) {
        this.tap = listener;
    }
}
