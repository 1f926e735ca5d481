package org.smartbox.bench;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smartbox.config.HardwareConfig;
import org.smartbox.hardware.pi4j.Hd44780Display;
import org.smartbox.hardware.pi4j.LcdCharset;
import org.smartbox.hardware.pi4j.Pi4jContexts;
import org.smartbox.pickup.Frame;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.SimulatedBox;

/**
 * I2C bytes per display change: the frames of a real guest pickup (from the kiosk itself, on the
 * demo data) drawn one after another by {@link Hd44780Display} on a counting Pi4J mock I2C device.
 * The minimum for a change is {@value #MIN_BYTES_PER_CELL} bytes per changed cell and as many per
 * cursor move the change cannot do without: the HD44780 in 4-bit mode takes a character, and a
 * set-address command, as two nibbles, each latched on a falling edge of E, and through a PCF8574 a
 * nibble needs at least two port writes (E high with the nibble, then E low). A run of changed
 * cells (in DDRAM order, where the cursor runs on by itself) needs one move unless it starts where
 * the cursor already is. Typing a digit under SPEC §6 masking changes two adjacent cells, the one
 * before the cursor: one move and two characters, 12 bytes.
 */
public final class DisplayBytes {

    public static final int MIN_BYTES_PER_CELL = 4;
    public static final int MIN_BYTES_PER_MOVE = 4;
    private static final int CELLS = Frame.WIDTH * Frame.HEIGHT;

    /** One frame change: what caused it, cells changed, cursor moves it needs, bytes and transfers the driver sent. */
    public record Change(String cause, boolean typing, int changedCells, int moves, long bytes, long transfers) {
        public long minimum() {
            return (long) changedCells * MIN_BYTES_PER_CELL + (long) moves * MIN_BYTES_PER_MOVE;
        }

        public double ratio() {
            return changedCells == 0 ? 1 : (double) bytes / minimum();
        }
    }

    /** Summary of both kinds of change. */
    public record Result(List<Change> changes) {
        public List<Change> typing() {
            return changes.stream().filter(Change::typing).toList();
        }

        public List<Change> screens() {
            return changes.stream().filter(c -> !c.typing()).toList();
        }

        public static double ratio(List<Change> list) {
            long bytes = list.stream().mapToLong(Change::bytes).sum();
            long min = list.stream().mapToLong(Change::minimum).sum();
            return min == 0 ? 1 : (double) bytes / min;
        }

        public static double worst(List<Change> list) {
            return list.stream().mapToDouble(Change::ratio).max().orElse(1);
        }

        public static double meanBytes(List<Change> list) {
            return list.stream().mapToLong(Change::bytes).average().orElse(0);
        }

        public static double meanCells(List<Change> list) {
            return list.stream().mapToLong(Change::changedCells).average().orElse(0);
        }
    }

    private record Step(String cause, boolean typing, Frame frame) {
    }

    private DisplayBytes() {
    }

    public static Result measure(Path work) throws Exception {
        List<Step> steps = pickupFrames(work);
        Context pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
        try {
            CountingI2C i2c = new CountingI2C(pi4j);
            Hd44780Display display = new Hd44780Display(i2c,
                    new HardwareConfig.Display(1, 0x27, List.of(0, 1, 2, 3, 4, 5, 6, 7), true, Duration.ZERO),
                    System::nanoTime);
            display.start();
            try {
                List<Change> changes = new ArrayList<>();
                Frame shown = steps.get(0).frame();
                display.show(shown);
                // The first frame comes after the controller's set-up, which pauses up to 50 ms.
                settle(i2c, 0, 300);
                int cursor = cursorAfter(Frame.of("", "", "", ""), shown, 0);
                for (Step step : steps.subList(1, steps.size())) {
                    long bytes = i2c.bytes();
                    long transfers = i2c.transfers();
                    display.show(step.frame());
                    int changed = changedCells(shown, step.frame());
                    settle(i2c, changed == 0 ? -1 : bytes, 40);
                    changes.add(new Change(step.cause(), step.typing(), changed, moves(shown, step.frame(), cursor),
                            i2c.bytes() - bytes, i2c.transfers() - transfers));
                    cursor = cursorAfter(shown, step.frame(), cursor);
                    shown = step.frame();
                }
                return new Result(changes);
            } finally {
                display.close();
            }
        } finally {
            pi4j.shutdown();
        }
    }

    /** Waits until the display thread has sent something (when {@code before} >= 0) and then goes quiet. */
    private static void settle(CountingI2C i2c, long before, long quietMillis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long last = i2c.bytes();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(5);
            long now = i2c.bytes();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if ((before < 0 || now > before) && System.nanoTime() - quietSince > quietMillis * 1_000_000L) {
                return;
            }
        }
        throw new IllegalStateException("the display never finished drawing");
    }

    /** The frame cell shown at DDRAM position {@code i} (rows 1 and 3 fill 0x00-0x27, rows 2 and 4 0x40-0x67). */
    private static char cellAt(Frame frame, int i) {
        int row = (i < 40 ? 0 : 1) + (i % 40 >= Frame.WIDTH ? 2 : 0);
        return frame.line(row).charAt(i % Frame.WIDTH);
    }

    private static boolean differs(Frame a, Frame b, int i) {
        return LcdCharset.encode(cellAt(a, i)) != LcdCharset.encode(cellAt(b, i));
    }

    /**
     * The cursor moves a change needs at the least: one per run of changed cells in DDRAM order,
     * less the first when it starts where the cursor is ({@code cursor}, -1 when not known).
     */
    static int moves(Frame a, Frame b, int cursor) {
        int moves = 0;
        for (int i = 0; i < CELLS; i++) {
            if (differs(a, b, i) && (i == 0 || !differs(a, b, i - 1)) && i != cursor) {
                moves++;
            }
        }
        return moves;
    }

    /** Where the cursor is after a change: just past its last changed cell (unchanged when nothing changed). */
    static int cursorAfter(Frame a, Frame b, int cursor) {
        for (int i = CELLS - 1; i >= 0; i--) {
            if (differs(a, b, i)) {
                return (i + 1) % CELLS;
            }
        }
        return cursor;
    }

    static int changedCells(Frame a, Frame b) {
        int changed = 0;
        for (int row = 0; row < Frame.HEIGHT; row++) {
            String x = a.line(row);
            String y = b.line(row);
            for (int col = 0; col < Frame.WIDTH; col++) {
                if (LcdCharset.encode(x.charAt(col)) != LcdCharset.encode(y.charAt(col))) {
                    changed++;
                }
            }
        }
        return changed;
    }

    private static final Pattern SMS_CODE = Pattern.compile("^SMS \\S+ .*?\\b(\\d{6})\\b");

    /** Every frame of Gus's pickup with a code on the demo box (README), labelled with its cause. */
    private static List<Step> pickupFrames(Path work) throws Exception {
        List<Step> steps = new ArrayList<>();
        String[] cause = {"start"};
        boolean[] typing = {false};
        String[] code = {null};
        ProtocolOut out = BenchBox.nullOut();
        out.tap(line -> {
            if (line.startsWith("DISPLAY ")) {
                String[] lines = line.substring(8).split("\\|", -1);
                steps.add(new Step(cause[0], typing[0], Frame.of(lines)));
            }
            Matcher m = SMS_CODE.matcher(line);
            if (m.find()) {
                code[0] = m.group(1);
            }
        });
        Files.createDirectories(work);
        Path db = work.resolve("display.db");
        Files.deleteIfExists(db);
        try (SimulatedBox box = BenchBox.start(demoConfig(), db, Dataset.NOW, DisplayBytes::demoData, out)) {
            for (char c : "5550000002".toCharArray()) {
                cause[0] = "digit of the mobile number";
                typing[0] = true;
                box.press(String.valueOf(c));
            }
            cause[0] = "# (identify; code sent)";
            typing[0] = false;
            box.press("#");
            if (code[0] == null) {
                throw new IllegalStateException("the demo box sent no code to Gus");
            }
            for (char c : code[0].toCharArray()) {
                cause[0] = "digit of the code";
                typing[0] = true;
                box.press(String.valueOf(c));
            }
            cause[0] = "# (code accepted: list of keys)";
            typing[0] = false;
            box.press("#");
            cause[0] = "digit of the item number";
            typing[0] = true;
            box.press("1");
            cause[0] = "# (latch released: take key)";
            typing[0] = false;
            box.press("#");
            cause[0] = "key taken (thank you)";
            box.take(3);
            cause[0] = "notice times out (home)";
            box.advance(10_000);
        }
        return steps;
    }

    private static org.smartbox.config.DeviceConfig demoConfig() {
        String text = "box.id=SB-DEMO\nbox.slots=12\nsms.gateways=sim\n";
        return org.smartbox.config.DeviceConfig.from(org.smartbox.config.ConfigFile.parse("demo",
                new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static Optional<InputStream> demoData() {
        return Optional.ofNullable(DisplayBytes.class.getResourceAsStream("/device-config/demo-data.json"));
    }

    /** The mock plugin's I2C device, counting what the display writes (probes apart). */
    static final class CountingI2C extends MockI2C {
        private long bytes;
        private long transfers;

        CountingI2C(Context pi4j) {
            super(pi4j.provider(MockI2CProvider.class), I2C.newConfigBuilder(pi4j).id("bench-lcd").bus(1)
                    .device(0x27).build());
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized long transfers() {
            return transfers;
        }

        @Override
        public synchronized int write(byte b) {
            // A one-byte probe (is the display still there?), not part of drawing a frame.
            return 1;
        }

        @Override
        public synchronized int write(byte[] data, int offset, int length) {
            bytes += length;
            transfers++;
            return length;
        }
    }
}
