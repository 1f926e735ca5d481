package org.smartbox.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jline.utils.AttributedString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The simulator's screen as a person reads it, laid out for common terminal sizes. */
class SimScreenTest {

    private static final List<String> LCD = List.of("Take key from slot 3", "Unit 4B", "Slot closes if not",
            "taken in time");

    private static SimView view(List<String> events, String command, boolean help, boolean demo) {
        List<Boolean> keys = new ArrayList<>(Collections.nCopies(12, true));
        keys.set(6, false);
        return new SimView("SB-DEMO", Instant.parse("2026-11-28T12:00:05.123456789Z"), Optional.of("connected"),
                false, LCD, keys, Set.of(3), events, command, help, demo);
    }

    private static List<String> events(int count) {
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add("AUDIT EVENT number=" + i);
        }
        return events;
    }

    private static List<String> text(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).toList();
    }

    @ParameterizedTest
    @CsvSource({"80,24", "100,30"})
    void theWholeBoxFitsTheTerminal(int columns, int rows) {
        List<String> screen = text(SimScreen.render(view(events(40), null, false, true), columns, rows, false));
        String all = String.join("\n", screen);

        assertEquals(rows, screen.size(), all);
        screen.forEach(line -> assertTrue(line.length() <= columns, "wider than the terminal: " + line));
        assertTrue(screen.get(0).startsWith(" SmartBox simulator  SB-DEMO  2026-11-28 12:00:05 UTC"), all);
        assertTrue(screen.get(0).contains("MQTT connected"), all);
        assertFalse(all.contains(".123"), "the clock shows no fractions of a second: " + screen.get(0));
        for (String line : LCD) {
            assertTrue(all.contains("|" + SimScreen.pad(line, 20) + "|"), "LCD line " + line + ":\n" + all);
        }
        assertTrue(all.contains("Cabinet, 12 slots, 11 keys in"), all);
        assertTrue(all.contains("| 1K | 2K | 3KU| 4K | 5K | 6K |"), all);
        assertTrue(all.contains("| 7. | 8K |"), all);
        assertTrue(all.contains("Keypad: type 0-9 * # A-D"), all);
        // The newest event sits just above the footer; old ones gave way.
        assertEquals("   AUDIT EVENT number=40", screen.get(rows - 2), all);
        assertFalse(all.contains("number=1\n"), all);
        assertEquals(" ? help   : command   q quit", screen.get(rows - 1));
    }

    @Test
    void theCommandBeingTypedIsTheBottomLine() {
        List<String> screen = text(SimScreen.render(view(events(3), "take 3", false, true), 80, 24, false));
        assertEquals(" : take 3", screen.get(23));
    }

    @Test
    void aFailingGatewayIsInTheTitle() {
        SimView failing = new SimView("SB-DEMO", Instant.EPOCH, Optional.empty(), true, LCD, List.of(true),
                Set.of(), List.of(), null, false, true);
        String title = text(SimScreen.render(failing, 80, 24, false)).get(0);
        assertTrue(title.contains("SMS FAILING"), title);
        assertFalse(title.contains("MQTT"), "no broker configured, no MQTT word: " + title);
    }

    @ParameterizedTest
    @CsvSource({"80,24", "100,30"})
    void theHelpPageListsTheDemoPeopleWhole(int columns, int rows) {
        List<String> screen = text(SimScreen.render(view(events(5), null, true, true), columns, rows, false));
        String all = String.join("\n", screen);
        assertEquals(rows, screen.size());
        assertTrue(screen.get(0).startsWith(" SmartBox simulator"), all);
        assertTrue(all.contains("Gus Guest     5550000002#"), all);
        assertTrue(all.contains("Tom Tech      808080#"), all);
        assertTrue(all.contains("grant FILE"), all);
        assertFalse(all.contains("~"), "a help line was cut short:\n" + all);
        assertEquals(" Any key: back to the box", screen.get(rows - 1));
    }

    @Test
    void onAnotherBoxTheHelpPageNamesNobody() {
        String all = String.join("\n", text(SimScreen.render(view(List.of(), null, true, false), 80, 24, false)));
        assertFalse(all.contains("481516") || all.contains("5550000002"), all);
        assertTrue(all.contains("its own data"), all);
    }

    @Test
    void aSmallTerminalKeepsTheTitleTheDisplayAndTheFooter() {
        List<String> screen = text(SimScreen.render(view(events(40), null, false, true), 40, 10, false));
        assertEquals(10, screen.size());
        assertTrue(screen.get(0).startsWith(" SmartBox simulator"), String.join("\n", screen));
        assertTrue(screen.stream().anyMatch(line -> line.contains("|Take key from slot 3|")), String.join("\n", screen));
        assertEquals(" ? help   : command   q quit", screen.get(9));
    }

    @Test
    void aBigCabinetIsSummedUpWhereItDoesNotFit() {
        List<Boolean> keys = new ArrayList<>(Collections.nCopies(500, true));
        SimView big = new SimView("SB-BIG", Instant.EPOCH, Optional.empty(), false, LCD, keys, Set.of(499),
                List.of(), null, false, false);
        List<String> screen = text(SimScreen.render(big, 80, 24, false));
        String all = String.join("\n", screen);
        assertEquals(24, screen.size());
        assertTrue(all.contains("Cabinet, 500 slots, 500 keys in"), all);
        assertTrue(all.matches("(?s).*slots [0-9]+-500: [0-9]+ keys in, U \\[499\\].*"), all);
    }

    @Test
    void coloursOnlyWhereAsked() {
        List<AttributedString> plain = SimScreen.render(view(events(3), null, false, true), 80, 24, false);
        List<AttributedString> coloured = SimScreen.render(view(events(3), null, false, true), 80, 24, true);
        assertEquals(text(plain), text(coloured), "the same text either way");
        assertTrue(plain.stream().noneMatch(line -> line.toAnsi().contains("\033[")), "plain has no escapes");
        assertTrue(coloured.stream().anyMatch(line -> line.toAnsi().contains("\033[")), "coloured has some");
    }

    @Test
    void aLongEventWrapsInsteadOfBeingCut() {
        String denied = "AUDIT DENIED user=u-max reason=sms_failed detail=sim:_simulated_gateway_is_down_and_more";
        List<String> screen = text(SimScreen.render(view(List.of(denied), null, false, true), 80, 24, false));
        String all = String.join("\n", screen);
        int first = screen.indexOf("   " + denied.substring(0, 77));
        assertTrue(first > 0, all);
        assertEquals("     " + denied.substring(77), screen.get(first + 1), all);
    }
}
