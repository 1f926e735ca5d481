package org.smartbox.modem;

import java.util.List;
import java.util.OptionalInt;
import org.smartbox.modem.ModemHealth.Registration;
import org.smartbox.modem.ModemHealth.SimState;

/** Reads the information lines of the status commands (TS 27.007 §8.3, §8.5, §7.2, §10.1.22). */
final class Answers {

    private Answers() {
    }

    /** {@code +CPIN: READY}, {@code +CPIN: SIM PIN}, ... */
    static SimState sim(List<String> lines) {
        for (String line : lines) {
            if (!line.startsWith("+CPIN:")) {
                continue;
            }
            String code = line.substring(6).strip().toUpperCase(java.util.Locale.ROOT);
            switch (code) {
                case "READY":
                case "SIM PIN2":
                case "SIM PUK2":
                    // PIN2 guards other things (fixed dialling); SMS works.
                    return SimState.READY;
                case "SIM PIN":
                case "PH-SIM PIN":
                case "PH-NET PIN":
                    return SimState.PIN_REQUIRED;
                case "SIM PUK":
                case "PH-SIM PUK":
                case "PH-NET PUK":
                    return SimState.PUK_REQUIRED;
                case "NOT INSERTED":
                case "SIM NOT INSERTED":
                    return SimState.MISSING;
                default:
                    return SimState.UNKNOWN;
            }
        }
        return SimState.UNKNOWN;
    }

    /** {@code +CSQ: <rssi>,<ber>}: rssi 0 is -113 dBm or less, each step 2 dB, 31 is -51 or more, 99 unknown. */
    static OptionalInt signalDbm(List<String> lines) {
        for (String line : lines) {
            if (!line.startsWith("+CSQ:")) {
                continue;
            }
            String[] fields = line.substring(5).strip().split(",");
            try {
                int rssi = Integer.parseInt(fields[0].strip());
                if (rssi >= 0 && rssi <= 31) {
                    return OptionalInt.of(-113 + 2 * rssi);
                }
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The answer to {@code AT+CREG?} / {@code AT+CEREG?}: {@code +CREG: <n>,<stat>[,...]}. The
     * unsolicited form ({@code +CREG: <stat>[,"<lac>",...]}) has no bare number in second place, so
     * a URC arriving during the command is not taken for the answer.
     */
    static Registration registration(List<String> lines, String prefix) {
        for (String line : lines) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String[] fields = line.substring(prefix.length()).strip().split(",");
            if (fields.length < 2) {
                continue;
            }
            try {
                Integer.parseInt(fields[0].strip());
                return stat(Integer.parseInt(fields[1].strip()));
            } catch (NumberFormatException e) {
                // The unsolicited form, or garbage: not the answer.
            }
        }
        return Registration.UNKNOWN;
    }

    private static Registration stat(int stat) {
        switch (stat) {
            case 0:
            case 8:
                return Registration.NOT_REGISTERED;
            case 1:
            case 6:
            case 9:
                return Registration.HOME;
            case 2:
                return Registration.SEARCHING;
            case 3:
                return Registration.DENIED;
            case 5:
            case 7:
            case 10:
                return Registration.ROAMING;
            default:
                return Registration.UNKNOWN;
        }
    }
}
