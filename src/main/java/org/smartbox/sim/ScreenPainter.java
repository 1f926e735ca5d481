package org.smartbox.sim;

import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * Puts the simulator's lines on a terminal. A terminal that can move its cursor gets JLine's
 * {@link Display} on the alternate screen: only the cells that changed are rewritten, so nothing
 * flickers and the screen can be redrawn whenever anything moves. A dumb terminal (a pipe, an editor's
 * shell) cannot move back up: it gets whole frames of plain text, exactly one screen tall, and a new one
 * only when something other than the clock changed, so its last screenful is always the current state.
 */
final class ScreenPainter implements AutoCloseable {

    /** The size assumed when a terminal does not tell its own (0x0: a pipe). */
    static final Size FALLBACK = new Size(80, 24);

    private final Terminal terminal;
    private final boolean dumb;
    private final boolean colour;
    /** Null on a dumb terminal. */
    private final Display display;
    private Size size;
    private String lastFrame = "";

    ScreenPainter(Terminal terminal) {
        this.terminal = terminal;
        this.dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                || terminal.getStringCapability(Capability.cursor_address) == null;
        Integer colours = terminal.getNumericCapability(Capability.max_colors);
        // NO_COLOR (no-color.org): a person who asked for no colours gets the plain text.
        this.colour = !dumb && colours != null && colours >= 8 && System.getenv("NO_COLOR") == null;
        if (!dumb) {
            terminal.puts(Capability.enter_ca_mode);
            display = new Display(terminal, true);
        } else {
            display = null;
        }
    }

    boolean colour() {
        return colour;
    }

    /** The terminal's size now, or {@link #FALLBACK} when it does not say. */
    Size size() {
        Size now = terminal.getSize();
        return now == null || now.getColumns() <= 0 || now.getRows() <= 0 ? FALLBACK : now;
    }

    /** The next frame is drawn whole, on a cleared screen (after a resize). */
    void invalidate() {
        size = null;
        lastFrame = "";
    }

    /** Draws {@code lines} (one per row, as {@link SimScreen} made them for {@link #size()}). */
    void paint(List<AttributedString> lines, Size drawnFor) {
        if (dumb) {
            plain(lines);
            return;
        }
        if (!drawnFor.equals(size)) {
            // A new size (or the first frame): start from a clear screen, every cell drawn anew.
            size = drawnFor;
            display.resize(drawnFor.getRows(), drawnFor.getColumns());
            display.clear();
            terminal.puts(Capability.clear_screen);
        }
        AttributedString last = lines.get(lines.size() - 1);
        // The cursor rests at the end of the bottom line, where a command is typed.
        display.update(lines, drawnFor.cursorPos(lines.size() - 1, Math.min(last.columnLength(),
                drawnFor.getColumns() - 1)));
        terminal.flush();
    }

    private void plain(List<AttributedString> lines) {
        // Each line starts with the line break: the cursor stays at the end of the footer, so the
        // screen's last `rows` lines are exactly this frame (a trailing break would scroll the title off).
        StringBuilder frame = new StringBuilder();
        for (AttributedString line : lines) {
            frame.append('\n').append(line.toString().stripTrailing());
        }
        // The title's clock ticks every second: a new frame for that alone would scroll for ever.
        String body = frame.substring(frame.indexOf("\n", 1) + 1);
        if (!body.equals(lastFrame)) {
            lastFrame = body;
            terminal.writer().print(frame);
            terminal.flush();
        }
    }

    /** Back to the screen the person had before. */
    @Override
    public void close() {
        if (!dumb) {
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
        }
    }
}
