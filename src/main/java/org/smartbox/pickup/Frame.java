package org.smartbox.pickup;

import java.util.List;

/**
 * One screenful of the 20x4 character display. Lines hold only what the display can show
 * ({@link DisplayCharset}: no {@code |}, which the simulator protocol cannot carry, no control,
 * bidi or zero-width character), cut to 20 characters and padded with spaces, so no label or name
 * synced from the cloud can break a frame, and the simulator shows what the LCD shows.
 */
public record Frame(String line1, String line2, String line3, String line4) {

    public static final int WIDTH = 20;
    public static final int HEIGHT = 4;

    public Frame {
        line1 = fit(line1);
        line2 = fit(line2);
        line3 = fit(line3);
        line4 = fit(line4);
    }

    public static Frame of(String... lines) {
        if (lines.length > HEIGHT) {
            throw new IllegalArgumentException("a frame has " + HEIGHT + " lines");
        }
        String[] four = new String[HEIGHT];
        for (int i = 0; i < HEIGHT; i++) {
            four[i] = i < lines.length ? lines[i] : "";
        }
        return new Frame(four[0], four[1], four[2], four[3]);
    }

    public List<String> lines() {
        return List.of(line1, line2, line3, line4);
    }

    public String line(int index) {
        return lines().get(index);
    }

    /** The four lines joined by {@code |}, as the simulator's DISPLAY line carries them. */
    public String joined() {
        return String.join("|", lines());
    }

    /** Centres {@code text} on a display line. */
    public static String center(String text) {
        String shown = DisplayCharset.fold(text);
        String t = shown.length() > WIDTH ? shown.substring(0, WIDTH) : shown;
        int pad = (WIDTH - t.length()) / 2;
        return " ".repeat(pad) + t;
    }

    private static String fit(String raw) {
        String text = DisplayCharset.fold(raw);
        if (text.length() >= WIDTH) {
            return text.substring(0, WIDTH);
        }
        return text + " ".repeat(WIDTH - text.length());
    }
}
