package org.smartbox.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's {@code ?} page: who is in the demo data and what to type for each story, then the
 * keys and commands. The people (and their codes) are those of the shipped demo data, which is public
 * by design; they are listed only on the demo box, so a simulator run on real data never puts anyone's
 * code on the screen. {@code HelpPageTest} ties the list to {@code device-config/demo-data.json}.
 */
final class HelpPage {

    /** The demo data's box: only there are the people below the people in the box. */
    static final String DEMO_BOX = "SB-DEMO";

    static final List<String> PEOPLE = List.of(
            "Who is in the demo data (device-config/demo-data.json), and what to type:",
            "  Gus Guest     5550000002#  guest: Unit 4B needs a code by SMS, then Unit 6D",
            "  Gina Guest    5550000005#  guest: Garage (code), Unit 7E twice; 5C expired",
            "  Olivia Owner  481516#      owner of 1A 2B 4B 12 (or 5550000001#): no code",
            "  Max Manager   135790#      owner, every 2FA setting on: a code by SMS",
            "  Nina Open     246800#      owner, every 2FA setting off",
            "  Ada App       777111#      has the app: app code, or # for an SMS code",
            "  Noel NoPhone  112233#      no mobile: a pickup that needs a code is denied",
            "  Tara Tech     909090#      technician: service login with an SMS code",
            "  Tom Tech      808080#      technician: service login without a code",
            "Codes sent by SMS show in the events as SMS lines. Returns never need a code.");

    static final List<String> OWN_DATA = List.of(
            "This box runs on its own data: the people are those of its sync documents.",
            "Delete the database (or use --db) to start again on the demo data.");

    static final List<String> KEYS = List.of(
            "Keypad: 0-9 * # A-D as typed on the box (* back or delete, # done)",
            "':' opens a command line (Enter runs it, Esc drops it):",
            "  take N | put N      pull the key out of slot N | push a key into slot N",
            "  advance SECONDS     move the clock ahead (timeouts, lockouts)",
            "  sms fail | sms ok   the simulated SMS gateway refuses | sends again",
            "  apply FILE          apply a sync document",
            "  grant FILE          deliver an app grant: device-config/demo-grant.json",
            "                      (Ada, Unit 9F, start with --now 2026-11-28T12:01:00Z)",
            "q quits; the database and smartbox-sim.log stay for the next start.");

    private HelpPage() {
    }

    static List<String> lines(boolean demo) {
        List<String> lines = new ArrayList<>(demo ? PEOPLE : OWN_DATA);
        lines.add("");
        lines.addAll(KEYS);
        return lines;
    }
}
