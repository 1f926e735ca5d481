package org.smartbox.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keys the cache puts in slots the config does not have: {@code box.slots} lowered after a sync, or
 * a database moved to a smaller box. Such a box would list a key it can never open, so it does not
 * start, {@code smartbox diag} fails, and a delta that keeps such a key is refused.
 */
public record SlotsInUse(int configured, SortedMap<Integer, String> beyond) {

    public SlotsInUse {
        beyond = new TreeMap<>(beyond);
    }

    /** The keys of {@code db} beyond slot {@code configured}, by slot. */
    public static SlotsInUse read(Database db, int configured) {
        return db.read(() -> {
            SortedMap<Integer, String> beyond = new TreeMap<>();
            PreparedStatement q = db.prepare("SELECT slot, id FROM keys WHERE slot > ? OR slot < 1");
            q.setInt(1, configured);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    beyond.put(rs.getInt(1), rs.getString(2));
                }
            }
            return new SlotsInUse(configured, beyond);
        });
    }

    public boolean fits() {
        return beyond.isEmpty();
    }

    /** {@code box.slots is 8, but the cache has keys in slots 9 (k-9) and 12 (k-12)}. */
    public String problem() {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<Integer, String> e : beyond.entrySet()) {
            if (keys.size() == 5) {
                keys.add("and " + (beyond.size() - 5) + " more");
                break;
            }
            keys.add(e.getKey() + " (key " + shown(e.getValue()) + ")");
        }
        return "box.slots is " + configured + ", but the cache has keys in slot" + (beyond.size() == 1 ? " " : "s ")
                + String.join(", ", keys);
    }

    /** A key id as the cloud sent it, fit for one line of a message. */
    private static String shown(String id) {
        StringBuilder sb = new StringBuilder();
        id.codePoints().limit(40).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }

    /** What to do about it. */
    public String hint() {
        return "set box.slots to " + Math.max(configured, beyond.lastKey()) + " or more, or sync a snapshot without"
                + " keys beyond slot " + configured;
    }
}
