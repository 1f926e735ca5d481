package org.smartbox.pickup;

/** What of a mobile number may be shown anywhere after typing: its last four digits (SPEC §6). */
public final class Masking {

    private Masking() {
    }

    public static String mobile(String e164) {
        if (e164 == null || e164.length() < 4) {
            return "***";
        }
        return "***" + e164.substring(e164.length() - 4);
    }
}
