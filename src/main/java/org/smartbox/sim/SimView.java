package org.smartbox.sim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the simulator's terminal screen shows at one moment, read from the running box between
 * two commands; {@link SimScreen} lays it out for a terminal size.
 *
 * @param link      the MQTT link's state in a few words, when the config names a broker
 * @param keys      per slot (slot 1 first), true when a key is in it
 * @param released  the slots whose latch is released now
 * @param events    event lines, oldest first (the screen shows the newest that fit)
 * @param command   the command line being typed, or null
 * @param help      true while the help page is shown
 * @param demo      true when the box is the demo box, whose people the help page may list
 */
public record SimView(String boxId, Instant now, Optional<String> link, boolean smsFailing, List<String> lcd,
                      List<Boolean> keys, Set<Integer> released, List<String> events, String command,
                      boolean help, boolean demo) {
}
