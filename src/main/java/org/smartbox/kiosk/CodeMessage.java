package org.smartbox.kiosk;

import java.time.Duration;

/**
 * The SMS text that carries a one-time code: the code is its only run of six digits, and it names
 * no key, label or slot (SPEC §5). Plain GSM 7-bit characters only, so it fits one message.
 */
public final class CodeMessage {

    private CodeMessage() {
    }

    public static String text(String code, Duration lifetime) {
        long minutes = Math.max(1, lifetime.toMinutes());
        return "SmartBox code " + code + ". Valid " + minutes + " min. Never share it.";
    }
}
