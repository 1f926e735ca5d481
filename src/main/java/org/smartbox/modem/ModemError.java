package org.smartbox.modem;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A final error result from the modem ({@code ERROR}, {@code +CME ERROR: n}, {@code +CMS ERROR: n}),
 * with its code mapped to a reason a technician understands (3GPP TS 27.007 §9.2, TS 27.005 §3.2.5).
 */
public record ModemError(Kind kind, int code, String text) {

    /** Which family of result it was. {@code code} is -1 when the modem gave text instead of a number. */
    public enum Kind {
        /** Plain {@code ERROR} or another final result that is not OK ({@code NO CARRIER}, ...). */
        PLAIN,
        /** {@code +CME ERROR}: equipment (modem, SIM, network registration). */
        CME,
        /** {@code +CMS ERROR}: the message service (sending, SMS centre, the network's verdict). */
        CMS
    }

    /** What the error means for the box. */
    public enum Problem {
        SIM_MISSING(true),
        PIN_REQUIRED(true),
        PIN_REJECTED(true),
        PUK_REQUIRED(true),
        SIM_FAILURE(true),
        SIM_BUSY(true),
        NO_NETWORK(false),
        NETWORK_REFUSED(false),
        RECIPIENT_REFUSED(false),
        SMSC_UNKNOWN(false),
        MEMORY(false),
        NOT_ALLOWED(false),
        MODEM_FAILURE(true),
        OTHER(false);

        private final boolean needsRestart;

        Problem(boolean needsRestart) {
            this.needsRestart = needsRestart;
        }

        /** The modem must be set up again (SIM, PIN) before it can send: the gateway leaves the ready state. */
        public boolean needsRestart() {
            return needsRestart;
        }
    }

    private record Meaning(Problem problem, String reason) {
    }

    private static final Map<Integer, Meaning> CME = new HashMap<>();
    private static final Map<Integer, Meaning> CMS = new HashMap<>();
    /** Verbose ({@code AT+CMEE=2}) texts, lower case, to the numeric code they stand for. */
    private static final Map<String, Integer> CME_TEXT = new HashMap<>();
    private static final Map<String, Integer> CMS_TEXT = new HashMap<>();

    static {
        cme(0, "phone failure", Problem.MODEM_FAILURE, "modem failure");
        cme(1, "no connection to phone", Problem.MODEM_FAILURE, "modem failure");
        cme(3, "operation not allowed", Problem.NOT_ALLOWED, "the modem does not allow this now");
        cme(4, "operation not supported", Problem.NOT_ALLOWED, "the modem does not support this");
        cme(5, "ph-sim pin required", Problem.PIN_REQUIRED, "phone-to-SIM PIN required");
        cme(10, "sim not inserted", Problem.SIM_MISSING, "no SIM card in the modem");
        cme(11, "sim pin required", Problem.PIN_REQUIRED, "SIM PIN required");
        cme(12, "sim puk required", Problem.PUK_REQUIRED, "SIM locked: PUK required");
        cme(13, "sim failure", Problem.SIM_FAILURE, "SIM failure");
        cme(14, "sim busy", Problem.SIM_BUSY, "SIM busy");
        cme(15, "sim wrong", Problem.SIM_FAILURE, "wrong SIM");
        cme(16, "incorrect password", Problem.PIN_REJECTED, "SIM PIN rejected");
        cme(17, "sim pin2 required", Problem.PIN_REQUIRED, "SIM PIN2 required");
        cme(18, "sim puk2 required", Problem.PUK_REQUIRED, "SIM locked: PUK2 required");
        cme(20, "memory full", Problem.MEMORY, "modem memory full");
        cme(30, "no network service", Problem.NO_NETWORK, "no mobile network");
        cme(31, "network timeout", Problem.NO_NETWORK, "mobile network timeout");
        cme(32, "network not allowed - emergency calls only", Problem.NO_NETWORK,
                "mobile network allows emergency calls only");
        cme(100, "unknown", Problem.OTHER, "unknown modem error");

        cms(1, "unassigned (unallocated) number", Problem.RECIPIENT_REFUSED, "the network does not know this number");
        cms(8, "operator determined barring", Problem.NETWORK_REFUSED, "the operator barred the message");
        cms(10, "call barred", Problem.NETWORK_REFUSED, "sending is barred on this SIM");
        cms(21, "short message transfer rejected", Problem.NETWORK_REFUSED, "the network rejected the message");
        cms(27, "destination out of service", Problem.RECIPIENT_REFUSED, "the recipient's phone is out of service");
        cms(28, "unidentified subscriber", Problem.RECIPIENT_REFUSED, "the network does not know the recipient");
        cms(29, "facility rejected", Problem.NETWORK_REFUSED, "the network rejected the message");
        cms(30, "unknown subscriber", Problem.RECIPIENT_REFUSED, "the network does not know the recipient");
        cms(38, "network out of order", Problem.NO_NETWORK, "mobile network out of order");
        cms(41, "temporary failure", Problem.NO_NETWORK, "temporary mobile network failure");
        cms(42, "congestion", Problem.NO_NETWORK, "mobile network congested");
        cms(47, "resources unavailable, unspecified", Problem.NO_NETWORK, "mobile network busy");
        cms(50, "requested facility not subscribed", Problem.NETWORK_REFUSED, "the SIM's plan does not include SMS");
        cms(69, "requested facility not implemented", Problem.NETWORK_REFUSED, "the network does not offer this");
        cms(95, "invalid short message", Problem.NETWORK_REFUSED, "the network found the message invalid");
        cms(96, "invalid mandatory information", Problem.NETWORK_REFUSED, "the network found the message invalid");
        cms(111, "protocol error, unspecified", Problem.NETWORK_REFUSED, "network protocol error");
        cms(127, "interworking, unspecified", Problem.NETWORK_REFUSED, "network interworking error");
        cms(300, "me failure", Problem.MODEM_FAILURE, "modem failure");
        cms(301, "sms service of me reserved", Problem.MODEM_FAILURE, "the modem's SMS service is reserved");
        cms(302, "operation not allowed", Problem.NOT_ALLOWED, "the modem does not allow this now");
        cms(303, "operation not supported", Problem.NOT_ALLOWED, "the modem does not support this");
        cms(304, "invalid pdu mode parameter", Problem.NOT_ALLOWED, "the modem refused a PDU parameter");
        cms(305, "invalid text mode parameter", Problem.NOT_ALLOWED, "the modem refused the text-mode message");
        cms(310, "sim not inserted", Problem.SIM_MISSING, "no SIM card in the modem");
        cms(311, "sim pin required", Problem.PIN_REQUIRED, "SIM PIN required");
        cms(312, "ph-sim pin required", Problem.PIN_REQUIRED, "phone-to-SIM PIN required");
        cms(313, "sim failure", Problem.SIM_FAILURE, "SIM failure");
        cms(314, "sim busy", Problem.SIM_BUSY, "SIM busy");
        cms(315, "sim wrong", Problem.SIM_FAILURE, "wrong SIM");
        cms(316, "sim puk required", Problem.PUK_REQUIRED, "SIM locked: PUK required");
        cms(317, "sim pin2 required", Problem.PIN_REQUIRED, "SIM PIN2 required");
        cms(318, "sim puk2 required", Problem.PUK_REQUIRED, "SIM locked: PUK2 required");
        cms(320, "memory failure", Problem.MEMORY, "modem memory failure");
        cms(321, "invalid memory index", Problem.MEMORY, "modem memory error");
        cms(322, "memory full", Problem.MEMORY, "modem memory full");
        cms(330, "smsc address unknown", Problem.SMSC_UNKNOWN, "no SMS centre number on the SIM (AT+CSCA)");
        cms(331, "no network service", Problem.NO_NETWORK, "no mobile network");
        cms(332, "network timeout", Problem.NO_NETWORK, "mobile network timeout");
        cms(340, "no +cnma acknowledgement expected", Problem.NOT_ALLOWED, "the modem does not allow this now");
        cms(500, "unknown error", Problem.OTHER, "unknown modem error");
    }

    private static void cme(int code, String text, Problem problem, String reason) {
        CME.put(code, new Meaning(problem, reason));
        CME_TEXT.put(text, code);
    }

    private static void cms(int code, String text, Problem problem, String reason) {
        CMS.put(code, new Meaning(problem, reason));
        CMS_TEXT.put(text, code);
    }

    /** The error a final result line stands for; empty for {@code OK} and for lines that are no final result. */
    public static Optional<ModemError> parse(String line) {
        String s = line.strip();
        if (s.startsWith("+CME ERROR:")) {
            return Optional.of(coded(Kind.CME, s.substring(11).strip(), CME_TEXT));
        }
        if (s.startsWith("+CMS ERROR:")) {
            return Optional.of(coded(Kind.CMS, s.substring(11).strip(), CMS_TEXT));
        }
        switch (s) {
            case "ERROR":
            case "NO CARRIER":
            case "BUSY":
            case "NO ANSWER":
            case "NO DIALTONE":
            case "COMMAND NOT SUPPORT":
                return Optional.of(new ModemError(Kind.PLAIN, -1, s));
            default:
                return Optional.empty();
        }
    }

    private static ModemError coded(Kind kind, String value, Map<String, Integer> texts) {
        String shown = printable(value);
        if (!value.isEmpty() && value.length() <= 6 && value.chars().allMatch(Character::isDigit)) {
            return new ModemError(kind, Integer.parseInt(value), shown);
        }
        Integer code = texts.get(value.toLowerCase(Locale.ROOT));
        return new ModemError(kind, code == null ? -1 : code, shown);
    }

    public Problem problem() {
        return meaning().problem();
    }

    /** For logs, health and the audit trail: the meaning and the modem's own words. */
    public String reason() {
        return kind == Kind.PLAIN ? meaning().reason() : meaning().reason() + " (" + result() + ")";
    }

    /** The result as the modem gave it, e.g. {@code +CMS ERROR: 330}. */
    public String result() {
        switch (kind) {
            case CME:
                return "+CME ERROR: " + (code >= 0 ? String.valueOf(code) : text);
            case CMS:
                return "+CMS ERROR: " + (code >= 0 ? String.valueOf(code) : text);
            default:
                return text;
        }
    }

    private Meaning meaning() {
        switch (kind) {
            case CME: {
                Meaning m = CME.get(code);
                return m != null ? m : new Meaning(Problem.OTHER, "modem error");
            }
            case CMS: {
                Meaning m = CMS.get(code);
                if (m != null) {
                    return m;
                }
                if (code >= 0 && code <= 255) {
                    return new Meaning(Problem.NETWORK_REFUSED, "the network refused the message");
                }
                return new Meaning(Problem.OTHER, "message service error");
            }
            default:
                return new Meaning(Problem.OTHER, text.equals("ERROR") ? "the modem answered ERROR"
                        : "the modem answered " + text);
        }
    }

    /** Keeps a modem's words safe for one log line: printable ASCII, at most 40 characters. */
    static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 40; i++) {
            char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
