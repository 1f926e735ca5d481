package org.smartbox.sim;

import java.util.Collection;
import java.util.List;

/**
 * The terminal picture of a box, shared by the simulator and the bench console: a title, the 20x4
 * display in a frame, what the keys do, the slots, the latest events and the command being typed.
 * One string of VT100 text, drawn over the whole screen each time.
 */
public final class ConsoleScreen {

    private ConsoleScreen() {
    }

    /**
     * @param display   the display's lines, each at most 20 characters (fewer lines: a message such as
     *                  "(display off)")
     * @param help      lines that say what the keys and commands do
     * @param slots     per slot, true when a key is in it
     * @param released  the slots whose latch is released now
     * @param command   the command line being typed, or null
     */
    public static String render(String title, List<String> display, List<String> help, List<Boolean> slots,
                                Collection<Integer> released, Collection<String> events, String command) {
        StringBuilder s = new StringBuilder("\033[H\033[2J");
        s.append(' ').append(title).append("\r\n\r\n");
        s.append("   +--------------------+\r\n");
        for (String line : display) {
            s.append("   |").append(pad(line)).append("|\r\n");
        }
        s.append("   +--------------------+\r\n\r\n");
        for (String line : help) {
            s.append(' ').append(line).append("\r\n");
        }
        s.append("\r\n Slots (K = key in, U = latch released): ").append(slots(slots, released)).append("\r\n\r\n");
        s.append(" Recent events:\r\n");
        for (String event : events) {
            s.append("   ").append(event).append("\r\n");
        }
        if (command != null) {
            s.append("\r\n : ").append(command);
        }
        return s.toString();
    }

    private static String pad(String line) {
        StringBuilder s = new StringBuilder(line.length() > 20 ? line.substring(0, 20) : line);
        while (s.length() < 20) {
            s.append(' ');
        }
        return s.toString();
    }

    private static String slots(List<Boolean> present, Collection<Integer> released) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < present.size(); i++) {
            s.append(i + 1).append(present.get(i) ? "K" : "-").append(released.contains(i + 1) ? "U " : " ");
        }
        return s.toString().strip();
    }
}
