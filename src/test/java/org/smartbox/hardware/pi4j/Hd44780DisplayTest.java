package org.smartbox.hardware.pi4j;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartbox.config.HardwareConfig;
import org.smartbox.pickup.Frame;

/** The display as a person reads it: the I2C byte stream decoded by a software HD44780. */
class Hd44780DisplayTest {

    private static final List<Integer> COMMON_BACKPACK = List.of(0, 1, 2, 3, 4, 5, 6, 7);

    private Context pi4j;
    private RecordingI2C i2c;
    private Hd44780Decoder lcd;
    private Hd44780Display display;
    /** The display's ticker: time stands still unless a test moves it, so no probe or resync comes unasked. */
    private final AtomicLong ticker = new AtomicLong(-5_000_000_000L);

    @BeforeEach
    void setUp() {
        pi4j = Pi4jContexts.create(HardwareConfig.Platform.MOCK);
        i2c = new RecordingI2C(pi4j, 1, 0x27);
    }

    @AfterEach
    void tearDown() {
        if (display != null) {
            display.close();
        }
        pi4j.shutdown();
        if (lcd != null) {
            lcd.feed(i2c.take());
            assertEquals(List.of(), lcd.problems(), "the controller's set-up and hold times were kept");
        }
    }

    private void start(List<Integer> bits, boolean backlight, Duration resync) {
        lcd = new Hd44780Decoder(bits);
        display = new Hd44780Display(i2c, new HardwareConfig.Display(1, 0x27, bits, backlight, resync),
                ticker::get);
        display.start();
    }

    private void assertShows(String... lines) {
        List<String> want = Frame.of(lines).lines();
        await("the screen").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> {
            lcd.feed(i2c.take());
            return lcd.screen();
        }, equalTo(want));
    }

    /** Shows a frame and returns every byte sent until the decoded screen shows it (no probe: time stands still). */
    private byte[] showAndCollect(String... lines) {
        List<String> want = Frame.of(lines).lines();
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        int probes = i2c.singleByteWrites();
        display.show(Frame.of(lines));
        await("the screen").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> {
            byte[] bytes = i2c.take();
            sent.write(bytes, 0, bytes.length);
            lcd.feed(bytes);
            return lcd.screen();
        }, equalTo(want));
        assertEquals(probes, i2c.singleByteWrites(), "no probe while the ticker stands still");
        return sent.toByteArray();
    }

    @Test
    void showsTheFrameOnTheFourRows() {
        start(COMMON_BACKPACK, true, Duration.ZERO);
        display.show(Frame.of("  SmartBox SB-0001", "Mobile # or code", "then press #", "*=delete"));
        assertShows("  SmartBox SB-0001", "Mobile # or code", "then press #", "*=delete");
        assertTrue(lcd.backlight(), "backlight on");
        assertEquals(List.of(), lcd.problems());
    }

    @Test
    void backlightCanBeOff() {
        start(COMMON_BACKPACK, false, Duration.ZERO);
        display.show(Frame.of("dark"));
        assertShows("dark");
        assertTrue(!lcd.backlight(), "backlight off");
    }

    @Test
    void anotherBackpackWiringIsFollowed() {
        // Some backpacks wire the data lines first: P0-P3 = D4-D7, P4=RS, P5=RW, P6=E, P7=backlight.
        List<Integer> bits = List.of(4, 5, 6, 7, 0, 1, 2, 3);
        start(bits, true, Duration.ZERO);
        display.show(Frame.of("Take key from slot 3", "Unit 4B"));
        assertShows("Take key from slot 3", "Unit 4B");
    }

    @Test
    void onlyChangedCellsAreSentAgain() {
        start(COMMON_BACKPACK, true, Duration.ZERO);
        display.show(Frame.of("Code sent to ***0002", "Enter code, then #", "> ***", "#=new code *=cancel"));
        assertShows("Code sent to ***0002", "Enter code, then #", "> ***", "#=new code *=cancel");
        int before = lcd.dataWrites();

        display.show(Frame.of("Code sent to ***0002", "Enter code, then #", "> ****", "#=new code *=cancel"));
        assertShows("Code sent to ***0002", "Enter code, then #", "> ****", "#=new code *=cancel");

        assertEquals(1, lcd.dataWrites() - before, "one new star is one character written");
    }

    @Test
    void typingADigitCostsOneCursorMoveAndTwoCharacters() {
        start(COMMON_BACKPACK, true, Duration.ZERO);
        display.show(Frame.of("  SmartBox SB-0001", "Mobile # or code", "> ***5", "*=delete #=done"));
        assertShows("  SmartBox SB-0001", "Mobile # or code", "> ***5", "*=delete #=done");

        byte[] sent = showAndCollect("  SmartBox SB-0001", "Mobile # or code", "> ****2", "*=delete #=done");

        // The 5 behind the cursor becomes *: a move (RS low first, two nibbles of two writes), then
        // RS high and two characters of two nibbles of two writes each.
        assertEquals(1 + 4 + 1 + 8, sent.length);
    }

    @Test
    void aRunGoesOnFromTheEndOfTheFirstRowIntoTheThirdWithoutAMove() {
        start(COMMON_BACKPACK, true, Duration.ZERO);
        display.show(Frame.of("x"));
        assertShows("x");

        byte[] sent = showAndCollect("                   A", "", "B", "");

        // Row 1's last cell (0x13) and row 3's first (0x14) are neighbours in the controller's memory:
        // one move to 0x00 (x becomes a space), then 0x13 is two cells on; the 18 spaces between
        // are unchanged, so a second move, and A and B go out as one run.
        assertEquals((1 + 4 + 1 + 4) + (1 + 4 + 1 + 8), sent.length);
    }

    @Test
    void charactersTheLcdLacksGetStandIns() {
        start(COMMON_BACKPACK, true, Duration.ZERO);
        display.show(Frame.of("Café Müller", "Straße ½ °C", "“naïve” – Åse", "日本 C:\\ ~"));
        assertShows("Cafe Müller", "Straße 1/2 °C", "\"naive\" - Ase", "?? C:/ -");
    }

    @Test
    void survivesBeingUnpluggedAndPluggedBack() {
        start(COMMON_BACKPACK, true, Duration.ZERO);
        display.show(Frame.of("SmartBox", "Mobile # or code"));
        assertShows("SmartBox", "Mobile # or code");

        i2c.unplugged(true);
        display.show(Frame.of("Take key from slot 2"));
        await("the display thread notices the missing display").atMost(Duration.ofSeconds(10))
                .until(() -> i2c.failedTransfers() > 0);
        display.show(Frame.of("Thank you"));

        // Plugged back: the controller powers up blank in 8-bit mode and must be set up again.
        lcd.feed(i2c.take());
        lcd.powerCycle();
        i2c.unplugged(false);
        assertShows("Thank you");
        assertEquals(List.of(), lcd.problems());
    }

    @Test
    void resynchronisingHealsADisplayReplugedBetweenTwoProbes() {
        start(COMMON_BACKPACK, true, Duration.ofHours(1));
        display.show(Frame.of("SmartBox", "Mobile # or code"));
        assertShows("SmartBox", "Mobile # or code");

        // Power lost and back so fast that no transfer failed.
        lcd.feed(i2c.take());
        lcd.powerCycle();
        // An hour on by the display's ticker (not the wall clock): the resync is due, and a frame wakes it.
        ticker.addAndGet(Duration.ofHours(1).toNanos());
        display.show(Frame.of("SmartBox", "Mobile # or code"));
        assertShows("SmartBox", "Mobile # or code");
    }

    @Test
    void theDisplayProbesWhenItsTickerSaysTwoSecondsHavePassed() {
        start(COMMON_BACKPACK, true, Duration.ZERO);
        display.show(Frame.of("SmartBox"));
        assertShows("SmartBox");
        int probes = i2c.singleByteWrites();
        // Longer than the probe interval by the wall clock, but the ticker stands still: no probe.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> i2c.singleByteWrites() == probes);

        ticker.addAndGet(Duration.ofSeconds(2).toNanos());
        display.show(Frame.of("SmartBox"));
        await("a probe").atMost(Duration.ofSeconds(10)).until(() -> i2c.singleByteWrites() > probes);
    }

    @Test
    void everyLetterTheCharsetKeepsHasItsRomCode() {
        for (char c : org.smartbox.pickup.DisplayCharset.ROM_LETTERS.toCharArray()) {
            assertTrue(LcdCharset.ROM_GLYPHS.containsKey(c), "no ROM code for " + c);
        }
        assertEquals(org.smartbox.pickup.DisplayCharset.ROM_LETTERS.length(), LcdCharset.ROM_GLYPHS.size());
    }
}
