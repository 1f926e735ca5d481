package org.smartbox.sim;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Lays the simulator out for a terminal of a given size: exactly {@code rows} lines, none wider than
 * {@code columns}. The title, the 20x4 display and the footer always stay; what does not fit is left
 * out from the bottom of the priorities (old events first, then blank lines, then the keypad help).
 * Pure: the same view and size give the same lines.
 */
public final class SimScreen {

    static final String TITLE = "SmartBox simulator";
    static final List<String> KEYS_HELP = List.of(
            "Keypad: type 0-9 * # A-D    ? who is who, what to type    q quit",
            "':' command: take N  put N  advance SECS  sms fail|ok  apply FILE  grant FILE");
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** The display's frame: 20 characters between two bars, indented like the other blocks. */
    private static final int LCD_WIDTH = 24;
    /** Beside the display when the cabinet gets at least this many columns, else under it. */
    private static final int SIDE_BY_SIDE_MIN = 30;
    /** The rows one event may take, and the indent of its continuation rows. */
    private static final int EVENT_ROWS = 3;
    private static final String EVENT_INDENT = "     ";

    private SimScreen() {
    }

    public static List<AttributedString> render(SimView view, int columns, int rows, boolean colour) {
        int width = Math.max(columns, 1);
        int height = Math.max(rows, 1);
        List<AttributedString> top = new ArrayList<>();
        top.add(title(view, width, colour));
        AttributedString footer = footer(view, width, colour);
        if (view.help()) {
            for (String line : HelpPage.lines(view.demo())) {
                top.add(new AttributedString(clip(" " + line, width)));
            }
            return fit(top, List.of(), footer, height);
        }
        top.add(AttributedString.EMPTY);
        top.addAll(box(view, width, height, colour));
        top.add(AttributedString.EMPTY);
        for (String line : KEYS_HELP) {
            top.add(new AttributedString(clip(" " + line, width)));
        }
        top.add(AttributedString.EMPTY);
        top.add(new AttributedString(clip(" Events, newest last:", width),
                colour ? AttributedStyle.BOLD : AttributedStyle.DEFAULT));
        List<AttributedString> events = new ArrayList<>();
        for (String event : view.events()) {
            events.addAll(event(event, width, colour));
        }
        return fit(top, events, footer, height);
    }

    /**
     * {@code top}, then the newest {@code events} that fit, blank lines, and {@code footer} on the last
     * row. When even the top is too tall, its blank lines go first, then the keypad help, then the rest
     * from the bottom up: the title and the display are the last to go.
     */
    private static List<AttributedString> fit(List<AttributedString> top, List<AttributedString> events,
                                              AttributedString footer, int height) {
        List<AttributedString> lines = new ArrayList<>(top);
        int room = height - 1;
        for (int i = lines.size() - 1; i > 0 && lines.size() > room; i--) {
            if (lines.get(i).length() == 0) {
                lines.remove(i);
            }
        }
        for (int i = lines.size() - 1; i > 0 && lines.size() > room; i--) {
            if (KEYS_HELP.contains(lines.get(i).toString().strip())) {
                lines.remove(i);
            }
        }
        while (lines.size() > room) {
            lines.remove(lines.size() - 1);
        }
        int free = room - lines.size();
        lines.addAll(events.subList(Math.max(0, events.size() - free), events.size()));
        while (lines.size() < room) {
            lines.add(AttributedString.EMPTY);
        }
        if (height > 1) {
            lines.add(footer);
        }
        return lines;
    }

    private static AttributedString title(SimView view, int width, boolean colour) {
        AttributedStringBuilder s = new AttributedStringBuilder();
        s.style(colour ? AttributedStyle.BOLD : AttributedStyle.DEFAULT).append(" " + TITLE);
        s.style(AttributedStyle.DEFAULT).append("  " + view.boxId() + "  " + CLOCK.format(view.now()));
        s.append("  SMS ");
        if (view.smsFailing()) {
            s.style(colour ? AttributedStyle.BOLD.foreground(AttributedStyle.RED) : AttributedStyle.DEFAULT)
                    .append("FAILING").style(AttributedStyle.DEFAULT);
        } else {
            s.append("ok");
        }
        view.link().ifPresent(link -> s.append("  MQTT ").append(link));
        return cut(s.toAttributedString(), width);
    }

    private static AttributedString footer(SimView view, int width, boolean colour) {
        if (view.command() != null) {
            return cut(new AttributedString(" : " + view.command()), width);
        }
        String hint = view.help() ? " Any key: back to the box" : " ? help   : command   q quit";
        return new AttributedString(clip(hint, width), colour ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT);
    }

    /** The display beside the cabinet, or above it in a narrow terminal. */
    private static List<AttributedString> box(SimView view, int width, int height, boolean colour) {
        List<AttributedString> lcd = lcd(view.lcd(), colour);
        int side = width - LCD_WIDTH - 2;
        // The cabinet may take about a third of the height; the events need the rest.
        int cabinetRows = Math.max(5, height / 3);
        List<AttributedString> lines = new ArrayList<>();
        if (side >= SIDE_BY_SIDE_MIN) {
            List<AttributedString> cabinet = Cabinet.draw(view.keys(), view.released(), side, cabinetRows, colour);
            for (int i = 0; i < Math.max(lcd.size(), cabinet.size()); i++) {
                AttributedStringBuilder row = new AttributedStringBuilder();
                AttributedString left = i < lcd.size() ? lcd.get(i) : AttributedString.EMPTY;
                row.append(left).append(" ".repeat(LCD_WIDTH - left.columnLength() + 2));
                if (i < cabinet.size()) {
                    row.append(cabinet.get(i));
                }
                lines.add(cut(row.toAttributedString(), width));
            }
        } else {
            lcd.forEach(line -> lines.add(cut(line, width)));
            for (AttributedString line : Cabinet.draw(view.keys(), view.released(), width - 1, cabinetRows, colour)) {
                lines.add(cut(new AttributedStringBuilder().append(" ").append(line).toAttributedString(), width));
            }
        }
        return lines;
    }

    private static List<AttributedString> lcd(List<String> display, boolean colour) {
        AttributedStyle lit = colour
                ? AttributedStyle.DEFAULT.background(AttributedStyle.GREEN).foreground(AttributedStyle.BLACK)
                : AttributedStyle.DEFAULT;
        List<AttributedString> lines = new ArrayList<>();
        lines.add(new AttributedString("  +--------------------+"));
        for (int i = 0; i < 4; i++) {
            String text = i < display.size() ? display.get(i) : "";
            lines.add(new AttributedStringBuilder().append("  |").style(lit).append(pad(text, 20))
                    .style(AttributedStyle.DEFAULT).append("|").toAttributedString());
        }
        lines.add(new AttributedString("  +--------------------+"));
        return lines;
    }

    /**
     * One event, wrapped onto up to {@link #EVENT_ROWS} rows (an audit line with its reason runs past
     * 80 columns); the rest is cut.
     */
    private static List<AttributedString> event(String line, int width, boolean colour) {
        AttributedStyle style = AttributedStyle.DEFAULT;
        if (colour) {
            if (line.startsWith("ERROR")) {
                style = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            } else if (line.startsWith("SMS")) {
                style = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
            } else if (line.startsWith("UNLOCK") || line.startsWith("LOCK")) {
                style = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
            } else if (line.startsWith(">")) {
                style = AttributedStyle.BOLD;
            }
        }
        List<AttributedString> rows = new ArrayList<>();
        String indent = "   ";
        String rest = line;
        while (rows.size() < EVENT_ROWS - 1 && indent.length() + rest.length() > width
                && width > EVENT_INDENT.length() + 10) {
            int room = width - indent.length();
            rows.add(new AttributedString(indent + rest.substring(0, room), style));
            rest = rest.substring(room);
            indent = EVENT_INDENT;
        }
        rows.add(new AttributedString(clip(indent + rest, width), style));
        return rows;
    }

    static String pad(String text, int width) {
        String cut = text.length() > width ? text.substring(0, width) : text;
        return cut + " ".repeat(width - cut.length());
    }

    /** At most {@code width} characters; a line cut short ends in '~' so that it does not read as whole. */
    static String clip(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 1 ? text.substring(0, Math.max(width, 0)) : text.substring(0, width - 1) + "~";
    }

    private static AttributedString cut(AttributedString line, int width) {
        return line.columnLength() > width ? line.columnSubSequence(0, width) : line;
    }
}
