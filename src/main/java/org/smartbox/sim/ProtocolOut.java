package org.smartbox.sim;

import java.io.PrintStream;
import java.util.function.Consumer;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;

/**
 * The simulator's stdout: protocol lines only, one per event, whole lines even when several threads
 * write. Flushed at the end of each command, so a driver sees a command's lines together.
 */
public final class ProtocolOut {

    private final PrintStream out;
    private volatile Consumer<String> tap = line -> { };
    private final java.util.List<String> held = new java.util.ArrayList<>();

    public ProtocolOut(PrintStream out) {
        this.out = out;
    }

    public synchronized void line(String text) {
        out.print(text);
        out.print('\n');
        tap.accept(text);
    }

    /**
     * A line whose event is not complete until something else is recorded: an accepted SMS is
     * printed right after its {@code CODE_SENT} entry (the order simulator-protocol.md shows), which
     * the box writes only once the gateway confirmed. Printed at {@link #releaseHeld()}, and at the
     * latest before the command's last line or a flush, so no line is ever lost.
     */
    public synchronized void hold(String text) {
        held.add(text);
    }

    /** An audit entry's {@code AUDIT} line; a {@code CODE_SENT} entry lets the SMS line held for it follow. */
    public synchronized void audit(AuditEvent event) {
        line("AUDIT " + event.line());
        if (event.type() == AuditType.CODE_SENT) {
            releaseHeld();
        }
    }

    /** Prints the held lines, in the order they came. */
    public synchronized void releaseHeld() {
        for (String text : held) {
            line(text);
        }
        held.clear();
    }

    /** The command's last line ({@code OK} or {@code ERROR ...}), after anything still held. */
    public synchronized void last(String text) {
        releaseHeld();
        line(text);
    }

    public synchronized void flush() {
        releaseHeld();
        out.flush();
    }

    /** Also hands every line to {@code listener} (the interactive screen keeps the recent ones). */
    public void tap(Consumer<String> listener) {
        this.tap = listener;
    }
}
