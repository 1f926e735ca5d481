package org.smartbox.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code ?} page says what the shipped demo data holds: a change to one without the other fails here. */
class HelpPageTest {

    @Test
    void everyoneInTheDemoDataIsListedWithWhatToType() throws Exception {
        JsonNode demo = new ObjectMapper().readTree(Path.of("device-config/demo-data.json").toFile());
        assertEquals(HelpPage.DEMO_BOX, demo.get("boxId").asText());
        String page = String.join("\n", HelpPage.lines(true));
        int people = 0;
        for (JsonNode user : demo.get("users")) {
            String name = user.get("name").asText();
            // An account code when there is one, else the mobile as typed on the keypad (no +1).
            String typed = user.has("accountCode") ? user.get("accountCode").asText()
                    : user.get("mobile").asText().substring(2);
            String line = HelpPage.PEOPLE.stream().filter(l -> l.contains(name)).findFirst().orElse("");
            assertTrue(line.contains(typed + "#"), name + " with " + typed + "# on the help page:\n" + page);
            people++;
        }
        assertEquals(people, HelpPage.PEOPLE.size() - 2, "one line per person, a heading and a closing line");
    }

    @Test
    void everyLineFitsAn80ColumnTerminal() {
        for (String line : HelpPage.lines(true)) {
            assertTrue(line.length() <= 78, "too wide for 80 columns (with the margin): " + line);
        }
    }
}
