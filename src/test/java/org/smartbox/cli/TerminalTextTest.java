package org.smartbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Network text on a terminal: nothing received can forge a line, move the cursor or reorder the screen. */
class TerminalTextTest {

    @Test
    void controlCharactersAreWrittenAsEscapes() {
        assertEquals("a\\nSB-DEMO 1 fake", TerminalText.escape("a\nSB-DEMO 1 fake"));
        assertEquals("\\u001b[2J\\u009b31m", TerminalText.escape("\u001b[2J\u009b31m"));
        assertEquals("x\\ty\\rz\\\\n", TerminalText.escape("x\ty\rz\\n"), "a backslash cannot fake an escape");
        assertEquals("\\u202euser\\u2028", TerminalText.escape("\u202euser\u2028"));
        assertEquals("Ünit 4B", TerminalText.escape("Ünit 4B"), "other text is left alone");
    }

    @Test
    void jsonKeepsValidAndGetsTheEscapesJacksonLeavesOut() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String line = json.writeValueAsString(json.createObjectNode().put("type", "\u009b\u202e\n\\"));
        String safe = TerminalText.json(line);
        assertEquals("{\"type\":\"\\u009b\\u202e\\n\\\\\"}", safe);
        assertEquals("\u009b\u202e\n\\", json.readTree(safe).get("type").asText(), "the same value, read back");
    }
}
