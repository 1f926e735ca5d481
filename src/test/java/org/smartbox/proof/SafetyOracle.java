package org.smartbox.proof;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smartbox.pickup.Candidate;
import org.smartbox.pickup.Frame;
import org.smartbox.pickup.Screen;
import org.smartbox.store.AuditLog;
import org.smartbox.store.Database;

/**
 * The rules of SPEC §3-§9 written out a second time, over what a box prints (UNLOCK, LOCK, AUDIT,
 * DISPLAY, SMS) and what its database holds at that moment, read through a connection of its own.
 * It looks at each line as it is printed: when a latch moves, the kiosk has decided and committed
 * everything before it, so the database shows exactly what the decision was made on.
 */
final class SafetyOracle {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern DIGITS = Pattern.compile("\\d{6,}");

    /** A grant being handed to the box, and whether it carries a true signature. */
    record GrantInFlight(String grantId, String userId, String keyId, Instant notBefore, Instant expiresAt,
                         boolean signed) {
    }

    private final Path db;
    private final Duration maxReleased;
    private ProofBox box;
    private Connection sql;

    /** Who completed a second factor, and which technician logged in, in the session under way. */
    private String verified;
    private String loggedIn;
    /** The factor of the technician's login (NONE: their login2fa was OFF then). */
    private String loggedInFactor;
    /** The grant on the display's offer, waiting for # (sync-format.md); null when none is offered. */
    private GrantInFlight offered;
    /** The mobile of the last CODE_SENT entry: the simulated gateway's SMS line follows it. */
    private String codeSentTo;
    private final Map<Integer, Long> energized = new HashMap<>();
    /** Account codes, mobile numbers (and their last five digits), the app secret: checked in every line. */
    private final Set<String> secrets = new LinkedHashSet<>();
    /** Every one-time code sent: thousands in a long run, so looked up by the digit runs of a line. */
    private final Set<String> codesSent = new HashSet<>();
    private final Map<String, List<String>> codesByMobile = new HashMap<>();
    private final Set<String> grantsThatOpened = new HashSet<>();
    private final List<String> failures = new ArrayList<>();
    private GrantInFlight grant;
    private Set<Integer> openAtDeath = Set.of();

    int pickups;
    /** Releases per access: the runs where one access serves several pickups test the maximum. */
    final Map<String, Integer> releasesPerAccess = new HashMap<>();
    int pickupsAfterFactor;
    int returns;
    int latchTests;
    int grantPickups;
    int interruptedSessions;
    int restarts;

    SafetyOracle(Path db, Duration maxReleased) {
        this.db = db;
        this.maxReleased = maxReleased;
        try {
            JsonNode demo = DemoModel.JSON.readTree(ProofBox.DEMO_DATA);
            for (JsonNode user : demo.get("users")) {
                if (user.has("accountCode")) {
                    secrets.add(user.get("accountCode").asText());
                }
                if (user.has("mobile")) {
                    String mobile = user.get("mobile").asText();
                    secrets.add(mobile.substring(1));
                    // More than the last four digits counts as showing the number.
                    secrets.add(mobile.substring(mobile.length() - 5));
                }
                if (user.has("appTotpSecret")) {
                    secrets.add(user.get("appTotpSecret").asText());
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- incarnations ----

    /** The audit line of a session cut short at {@code slot}: every session has a user, who is named. */
    static boolean interrupted(String line, int slot) {
        return line.startsWith("AUDIT SESSION_INTERRUPTED user=") && line.endsWith(" slot=" + slot);
    }

    /** From now on, {@code running} is the box: its start-up lines were seen with no box attached. */
    void attach(ProofBox running) {
        for (int slot : openAtDeath) {
            check(running.startLines().stream().anyMatch(l -> interrupted(l, slot)),
                    "latch " + slot + " was open when the box went down; the restart must audit the session: "
                            + running.startLines());
        }
        if (!openAtDeath.isEmpty()) {
            interruptedSessions++;
        }
        openAtDeath = Set.of();
        box = running;
        verified = null;
        loggedIn = null;
        offered = null;
        try {
            sql = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The box went down (cleanly or not); {@code openWhenItWent}, the latches released just before,
     * must show up as interrupted sessions at the next start.
     */
    void detach(Set<Integer> openWhenItWent) {
        openAtDeath = Set.copyOf(openWhenItWent);
        energized.clear();
        box = null;
        restarts++;
        closeSql();
    }

    void grantInFlight(GrantInFlight g) {
        this.grant = g;
    }

    // ---- what the box prints ----

    void line(String line) {
        try {
            see(line);
        } catch (SQLException e) {
            fail("oracle could not read the database: " + e);
        }
    }

    private void see(String line) throws SQLException {
        if (box == null) {
            check(!line.startsWith("UNLOCK"), "a latch was released during start-up: " + line);
            noSecrets(line);
            return;
        }
        Screen screen = box.box().kiosk().loop().state().screen();
        if (screen instanceof Screen.Home || screen instanceof Screen.Locked || screen instanceof Screen.OutOfService) {
            verified = null;
            loggedIn = null;
            offered = null;
        }
        if (line.startsWith("UNLOCK ")) {
            unlock(Integer.parseInt(line.substring(7)), screen);
        } else if (line.startsWith("LOCK ")) {
            Long since = energized.remove(Integer.parseInt(line.substring(5)));
            if (since != null) {
                long held = box.box().clock().mono() - since;
                check(held <= maxReleased.toMillis(), line + " after " + held + " ms released");
            }
        } else if (line.startsWith("AUDIT ")) {
            noSecrets(line);
            audit(line);
        } else if (line.startsWith("DISPLAY ")) {
            display(line, screen);
        } else if (line.startsWith("SMS ")) {
            sms(line);
        }
    }

    private void audit(String line) throws SQLException {
        Map<String, String> f = fields(line);
        String type = line.substring(6).split(" ")[0];
        switch (type) {
            case "CODE_ACCEPTED" -> verified = f.get("user");
            // Audited once the gateway confirmed; the simulator prints the SMS line right after it.
            case "CODE_SENT" -> codeSentTo = userColumn(f.get("user"), "mobile");
            case "SERVICE_LOGIN" -> {
                String user = f.get("user");
                check("1".equals(userColumn(user, "technician")), "service login for a non-technician: " + line);
                if (!"0".equals(userColumn(user, "login2fa"))) {
                    check(!"NONE".equals(f.get("factor")), "service login without the factor login2fa asks: " + line);
                }
                loggedIn = user;
                loggedInFactor = f.get("factor");
            }
            case "GRANT_OFFERED" -> {
                check(grant != null && grant.grantId().equals(f.get("grant")), "an offer of a grant not being delivered: "
                        + line);
                offered = grant;
            }
            case "GRANT_CANCELLED" -> offered = null;
            case "TAMPER" -> {
                // A technician is not a key holder: a key moving during a service screen names them.
                if (f.containsKey("slot") && serviceScreen(box.box().kiosk().loop().state().screen())) {
                    check(f.get("user") != null && f.get("user").equals(loggedIn),
                            "a key moved during a technician's session without their id: " + line);
                }
            }
            default -> {
            }
        }
    }

    private void display(String line, Screen screen) {
        String[] parts = line.substring(8).split("\\|", -1);
        check(parts.length == Frame.HEIGHT, "a DISPLAY line without four lines: " + line);
        for (String part : parts) {
            check(part.length() <= Frame.WIDTH, "a display line longer than 20: " + line);
        }
        // The keypad test echoes what the technician types there, by design.
        if (!(screen instanceof Screen.KeypadTest)) {
            noSecrets(line);
        }
        // A screen that sends a person to a slot names it whole: "slot 1" for slot 12 is a held latch.
        int slot = screen instanceof Screen.Releasing r ? r.item().slot()
                : screen instanceof Screen.LatchTest t ? t.slot() : -1;
        if (slot > 0) {
            check(Pattern.compile("(?i)slot " + slot + "(?!\\d)").matcher(line).find(),
                    "slot " + slot + " not named whole on the display: " + line);
        }
    }

    private void sms(String line) {
        String rest = line.substring(4);
        String to = rest.substring(0, rest.indexOf(' '));
        check(to.equals(codeSentTo), "an SMS to " + to + " but the code was for " + codeSentTo);
        Matcher m = CODE.matcher(rest.substring(to.length()));
        check(m.find(), "an SMS without its code: " + line);
        codesSent.add(m.group(1));
        codesByMobile.computeIfAbsent(to, k -> new ArrayList<>()).add(m.group(1));
    }

    private void unlock(int slot, Screen screen) throws SQLException {
        check(energized.isEmpty(), "UNLOCK " + slot + " while " + energized.keySet() + " is released");
        energized.put(slot, box.box().clock().mono());
        // The box's wall time for decisions: never before its time floor (SPEC §12), whatever the clock reads.
        Instant now = box.box().kiosk().clock().now().wall();
        // Someone must be at the box: a grant never opens a latch on its own delivery.
        check(grant == null, "UNLOCK " + slot + " as a grant was delivered, with nobody pressing # on an offer");
        if (screen instanceof Screen.LatchTest test) {
            check(test.slot() == slot, "latch test of slot " + test.slot() + " released " + slot);
            String tech = test.session().userId();
            check(tech.equals(loggedIn), "latch test without a service login in this session");
            // A technician is not a key holder: only a slot the box believes empty, for a technician now.
            check(!box.box().sensors().present(slot), "a latch test released slot " + slot + " holding a key");
            check(!keyInBySlot(slot), "a latch test released slot " + slot + " whose key the box believes in");
            check("1".equals(userColumn(tech, "technician")), "a latch test by " + tech + ", not a technician now");
            check(!"NONE".equals(loggedInFactor) || "0".equals(userColumn(tech, "login2fa")),
                    "a latch test by " + tech + " whose login2fa is ON now, logged in without a code");
            latchTests++;
            return;
        }
        if (!(screen instanceof Screen.Releasing releasing)) {
            fail("UNLOCK " + slot + " with nothing waiting for it (" + screen.getClass().getSimpleName() + ")");
            return;
        }
        Candidate item = releasing.item();
        String user = releasing.session().userId();
        String key = item.key().id();
        String[] keyRow = keyRow(key);
        check(keyRow != null, "UNLOCK " + slot + " for key " + key + " the database does not have");
        if (keyRow == null) {
            return;
        }
        check(Integer.parseInt(keyRow[1]) == slot, "UNLOCK " + slot + " for " + key + " which lives in " + keyRow[1]);
        String owner = keyRow[0];
        boolean present = box.box().sensors().present(slot);
        if (!item.isPickup()) {
            check(!present, "a return released slot " + slot + " which holds a key");
            check(owner.equals(user) || user.equals(holder(key)), user + " returns " + key + ", neither owner nor holder");
            returns++;
            return;
        }
        pickups++;
        check(present, "a pickup released empty slot " + slot);
        boolean mayTake = owner.equals(user) || usableAccesses(user, key, now) > 0;
        check(mayTake, user + " may not take " + key + " at " + now);
        if (item.accessId() != null) {
            releasesPerAccess.merge(item.accessId(), 1, Integer::sum);
            check(accessUsable(item.accessId(), now), "access " + item.accessId() + " is not usable at " + now
                    + " (window or pickups used up)");
        }
        boolean needsFactor = !"0".equals(userColumn(owner, owner.equals(user) ? "key_pickups2fa" : "guest_pickups2fa"));
        if (offered != null) {
            GrantInFlight g = offered;
            offered = null;
            check(g.signed(), "a grant with a broken signature opened a latch");
            check(g.userId().equals(user) && g.keyId().equals(key), "grant for " + g.userId() + "/"
                    + g.keyId() + " released " + user + "/" + key);
            check(!now.isBefore(g.notBefore()) && now.isBefore(g.expiresAt()), "a grant outside its window");
            check(grantsThatOpened.add(g.grantId()), "grant " + g.grantId() + " opened a latch twice");
            grantPickups++;
            pickupsAfterFactor++;
        } else if (needsFactor) {
            check(user.equals(verified), user + " took " + key + " without the second factor owner " + owner
                    + " asks for now");
            pickupsAfterFactor++;
        }
    }

    // ---- between actions and at the end ----

    /** No latch released longer than the maximum, counted in the box's own (virtual) time. */
    void checkLatchTimes() {
        if (box == null) {
            return;
        }
        long now = box.box().clock().mono();
        energized.forEach((slot, since) -> check(now - since <= maxReleased.toMillis(),
                "latch " + slot + " released for " + (now - since) + " ms"));
    }

    /** Codes sent to this number, oldest first. */
    List<String> codesTo(String mobile) {
        return codesByMobile.getOrDefault(mobile, List.of());
    }

    Set<Integer> energized() {
        return Set.copyOf(energized.keySet());
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * What must hold of the files once the box is down: a sound database, an intact audit chain,
     * every access's pickups counted once (as many as its PICKUP entries), none past its maximum.
     */
    static void checkFiles(Path db) {
        try (Database database = Database.open(db)) {
            String integrity = database.integrityCheck();
            if (!integrity.equals("ok")) {
                throw new AssertionError("integrity_check: " + integrity);
            }
            AuditLog.Verification chain = AuditLog.withSecretFile(database, org.smartbox.store.AuditFiles.secretBeside(db)).verify();
            if (!chain.intact()) {
                throw new AssertionError("audit chain broken at " + chain.firstBrokenSeq() + ": " + chain.problem());
            }
            Map<String, Integer> audited = new HashMap<>();
            database.read(() -> {
                try (ResultSet rs = database.prepare("SELECT fields FROM audit WHERE type = 'PICKUP'").executeQuery()) {
                    while (rs.next()) {
                        JsonNode f = DemoModel.JSON.readTree(rs.getString(1));
                        if (f.has("access")) {
                            audited.merge(f.get("access").asText(), 1, Integer::sum);
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                try (ResultSet rs = database.prepare("SELECT id, pickups_used, max_pickups FROM accesses")
                        .executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        int used = rs.getInt(2);
                        long max = rs.getLong(3);
                        boolean limited = !rs.wasNull();
                        if (used != audited.getOrDefault(id, 0)) {
                            throw new AssertionError("access " + id + ": " + used + " pickups used, "
                                    + audited.getOrDefault(id, 0) + " PICKUP entries");
                        }
                        if (limited && used > max) {
                            throw new AssertionError("access " + id + ": " + used + " pickups of at most " + max);
                        }
                    }
                }
                return null;
            });
        }
    }

    void close() {
        closeSql();
    }

    // ---- helpers ----

    private void noSecrets(String line) {
        for (String secret : secrets) {
            check(!line.contains(secret), "a secret (" + secret.length() + " chars) in: " + line);
        }
        Matcher digits = DIGITS.matcher(line);
        while (digits.find()) {
            String run = digits.group();
            for (int i = 0; i + 6 <= run.length(); i++) {
                check(!codesSent.contains(run.substring(i, i + 6)), "a one-time code in: " + line);
            }
        }
    }

    private String[] keyRow(String keyId) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement("SELECT owner_id, slot FROM keys WHERE id = ?")) {
            q.setString(1, keyId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }

    /** Does the cache have a key in {@code slot} that is not out? */
    private boolean keyInBySlot(int slot) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement("SELECT COUNT(*) FROM keys k LEFT JOIN key_state s"
                + " ON s.key_id = k.id WHERE k.slot = ? AND COALESCE(s.out, 0) = 0")) {
            q.setInt(1, slot);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    private static boolean serviceScreen(Screen screen) {
        return screen instanceof Screen.ServiceMenu || screen instanceof Screen.SlotPrompt
                || screen instanceof Screen.InfoPages || screen instanceof Screen.KeypadTest
                || screen instanceof Screen.DisplayTest || screen instanceof Screen.LatchTest;
    }

    private String holder(String keyId) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement("SELECT holder_id FROM key_state WHERE key_id = ? AND out = 1")) {
            q.setString(1, keyId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String userColumn(String userId, String column) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement("SELECT " + column + " FROM users WHERE id = ?")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                // A user the box does not know: every 2FA setting counts as ON (SPEC §4 rule 3).
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private int usableAccesses(String user, String key, Instant now) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement("SELECT COUNT(*) FROM accesses WHERE user_id = ? AND key_id = ?"
                + " AND valid_from <= ? AND ? < valid_until AND (max_pickups IS NULL OR pickups_used < max_pickups)")) {
            q.setString(1, user);
            q.setString(2, key);
            q.setLong(3, now.toEpochMilli());
            q.setLong(4, now.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private boolean accessUsable(String accessId, Instant now) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement("SELECT COUNT(*) FROM accesses WHERE id = ?"
                + " AND valid_from <= ? AND ? < valid_until AND (max_pickups IS NULL OR pickups_used < max_pickups)")) {
            q.setString(1, accessId);
            q.setLong(2, now.toEpochMilli());
            q.setLong(3, now.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    static Map<String, String> fields(String auditLine) {
        Map<String, String> out = new HashMap<>();
        String[] parts = auditLine.split(" ");
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                out.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return out;
    }

    private void closeSql() {
        if (sql != null) {
            try {
                sql.close();
            } catch (SQLException e) {
                // nothing to do
            }
            sql = null;
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            fail(message);
        }
    }

    private void fail(String message) {
        failures.add(message);
        throw new AssertionError(message);
    }
}
