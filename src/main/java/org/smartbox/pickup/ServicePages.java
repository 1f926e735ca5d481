package org.smartbox.pickup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.smartbox.cache.BoxStatus;
import org.smartbox.cache.HealthCheck;

/** The lines of the service menu's read-only pages: sensors, status, the checks. */
final class ServicePages {

    private final Turn turn;

    ServicePages(Turn turn) {
        this.turn = turn;
    }

    /**
     * Each slot as its number and K or -, as many to a line as fit whole: five of "07K" up to 99
     * slots, four of "107K" from 100 (five would make 24 characters and lose the last numbers).
     */
    List<String> sensors() {
        int slots = turn.settings().box().slots();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int digits = Math.max(2, Integer.toString(slots).length());
        int perLine = (Frame.WIDTH + 1) / (digits + 2);
        for (int slot = 1; slot <= slots; slot++) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(String.format("%0" + digits + "d%s", slot, turn.cache.slotOccupied(slot) ? "K" : "-"));
            if (slot % perLine == 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    List<String> status() {
        BoxStatus status = turn.cache.status();
        String age = status.lastSync() == null ? "never"
                : ageText(Duration.between(status.lastSync(), turn.now.wall()));
        // One number to a line, so each fits whole (a cache version can have 16 digits).
        long version = status.cacheVersion();
        return List.of("Version " + status.softwareVersion(), "Box " + status.boxId(),
                Screens.firstFit("Cache v" + version, "v" + version), "Cache age " + age,
                "Users " + status.users(), "Keys " + status.keys(), "Accesses " + status.accesses(),
                "Outbox " + status.outboxBacklog(), "Modem " + status.modemSignal());
    }

    /** One check per page: name and status, what was measured, what to do. */
    static List<String> checks(List<HealthCheck> checks) {
        List<String> lines = new ArrayList<>();
        for (HealthCheck check : checks) {
            // Each check starts a page, its name and status on top; value and hint wrap over as
            // many lines (and pages) as they need.
            lines.add(Screen.InfoPages.heading(check.name() + ": " + check.status().toUpperCase(Locale.ROOT)));
            lines.add(check.value());
            if (!check.hint().isEmpty()) {
                lines.add(check.hint());
            }
        }
        if (lines.isEmpty()) {
            lines.add("No checks available");
        }
        return lines;
    }

    static String ageText(Duration age) {
        long minutes = Math.max(0, age.toMinutes());
        if (minutes < 60) {
            return minutes + "m";
        } else if (minutes < 48 * 60) {
            return (minutes / 60) + "h" + String.format("%02d", minutes % 60) + "m";
        }
        return (minutes / (24 * 60)) + "d";
    }
}
