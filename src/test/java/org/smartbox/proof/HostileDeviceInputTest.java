package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.hardware.SmsException;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.pickup.Frame;
import org.smartbox.sim.ProtocolOut;
import org.smartbox.sim.ScriptProtocol;
import org.smartbox.sim.SimBoxes;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/**
 * Bad input from the box's own devices (SPEC §11): any character at all from the keypad (controls,
 * surrogates, letters, digits of other scripts, {@code |}), any line on the simulator's stdin, and a
 * modem that answers garbage, fails, or throws. Nothing throws out of the event loop, no latch opens
 * without a real flow, every frame stays 20x4 and printable, and nothing a modem says brings a code
 * or a full mobile number into the audit log.
 *
 * <p>A modem's output is fuzzed here where it enters the kiosk (the {@link SmsGateway} contract: a
 * reference, an {@link SmsException}, or a bug's RuntimeException); {@code ModemAnswerFuzzTest}
 * fuzzes the AT parser beneath it with raw bytes.
 */
class HostileDeviceInputTest {

    private static final DeviceConfig MODEM_THEN_SIM = config("sms.gateways=modem,sim\nmodem.port=/dev/null-modem");
    private static final DeviceConfig MODEM_ONLY = config("sms.gateways=modem\nmodem.port=/dev/null-modem");

    private static DeviceConfig config(String gateways) {
        return DeviceConfig.from(ConfigFile.parse("modem.properties", new ByteArrayInputStream(
                ("box.id=SB-DEMO\nbox.slots=12\n" + gateways + "\n").getBytes(StandardCharsets.UTF_8))));
    }

    /** Any char: mostly keypad keys, so flows get somewhere, and everything else. */
    @Provide
    Arbitrary<String> keys() {
        Arbitrary<Character> any = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("0123456789*#ABCD".chars().mapToObj(c -> (char) c).toList())),
                Tuple.of(2, Arbitraries.chars()),
                Tuple.of(1, Arbitraries.of('|', '\n', '\r', '\u0000', '\u001b', '\u007f', '\ud800', '\udfff',
                        '\u0663', '\u0966', '\uff11', '\u2028', '\u00e9', ' ', '+', '-')));
        return any.list().ofMaxSize(80).map(list -> {
            StringBuilder sb = new StringBuilder();
            list.forEach(sb::append);
            return sb.toString();
        });
    }

    @Property(tries = 3000)
    void anyCharacterFromTheKeypadIsHandledAndOpensNothing(@ForAll("keys") String typed,
            @ForAll @Size(max = 4) List<@net.jqwik.api.constraints.IntRange(min = 0, max = 400) Integer> waits) {
        MemoryKiosk k = TestBox.kiosk();
        int chunk = Math.max(1, typed.length() / (waits.size() + 1));
        for (int i = 0, w = 0; i < typed.length(); i += chunk, w++) {
            k.press(typed.substring(i, Math.min(typed.length(), i + chunk)));
            if (w < waits.size()) {
                k.advance(waits.get(w));
            }
        }
        assertTrue(k.releases().isEmpty(), "a latch opened for random keys: " + k.releases());
        for (Frame f : k.frames()) {
            for (String line : f.lines()) {
                assertEquals(Frame.WIDTH, line.length());
                assertTrue(line.chars().noneMatch(c -> c == '|' || Character.isISOControl(c)
                        || Character.isSurrogate((char) c)), "unprintable frame: " + f.joined());
            }
        }
        TestBox.assertNothingLeaks(k.frames().stream().filter(f -> !f.line1().startsWith("Keypad test")).toList(),
                k.audits(), TestBox.secrets(k));
    }

    @Property(tries = 100)
    void anyCharacterOnASimulatedBoxIsHandledAndEveryLineStaysOneProtocolLine(@ForAll("keys") String typed) {
        try (ScratchDir dir = ScratchDir.create()) {
            List<String> lines = new ArrayList<>();
            SafetyOracle oracle = new SafetyOracle(dir.resolve("box.db"), SimBoxes.config("").box().latchMaxReleased());
            ProofBox box = ProofBox.start(dir.resolve("box.db"), SimBoxes.config(""), SimBoxes.NOW, line -> {
                lines.add(line);
                oracle.line(line);
            });
            oracle.attach(box);
            try {
                box.box().press(typed);
                box.box().advance(120_000);
            } finally {
                box.close();
                oracle.close();
            }
            // Random keys can type Nina's code (no 2FA) by chance; whatever opens must be allowed.
            assertTrue(oracle.failures().isEmpty(), oracle.failures().toString());
            for (String line : lines) {
                assertTrue(line.chars().noneMatch(Character::isISOControl), "a control character in: " + line);
                if (line.startsWith("DISPLAY ")) {
                    assertEquals(4, line.substring(8).split("\\|", -1).length, line);
                }
            }
            SafetyOracle.checkFiles(dir.resolve("box.db"));
        }
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> verb = Arbitraries.of("key", "advance", "take", "put", "sms", "apply", "grant", "quit",
                "KEY", "", " ", "key\u0000", "advance\t", "??");
        Arbitrary<String> argument = Arbitraries.oneOf(
                Arbitraries.of("", "1", "0", "-1", "13", "12", "3", "1e3", "NaN", "Infinity", "0.0001",
                        "315360000", "315360001", "99999999999999999999999", "fail", "ok", "5550000002#",
                        "246800#1#", "*#*#", "no-such-file.json", "/", ".", "\u0000", "a\u0000b", "|", "1 2"),
                Arbitraries.strings().ofMaxLength(12));
        return Arbitraries.strings().ofMaxLength(3).flatMap(pad -> verb.flatMap(v -> argument.map(a -> v + pad + a)))
                .list().ofMaxSize(30);
    }

    @Property(tries = 100)
    void anyCommandLineGetsItsOkOrErrorAndNeverAnInternalError(@ForAll("commandLines") List<String> commands) {
        try (ScratchDir dir = ScratchDir.create()) {
            List<String> lines = new ArrayList<>();
            ProofBox box = ProofBox.start(dir.resolve("box.db"), SimBoxes.config(""), SimBoxes.NOW, lines::add);
            ProtocolOut out = new ProtocolOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            List<String> answers = new ArrayList<>();
            out.tap(answers::add);
            ScriptProtocol protocol = new ScriptProtocol(box.box(), out);
            try {
                for (String command : commands) {
                    int before = answers.size();
                    boolean more = protocol.execute(command);
                    List<String> answer = answers.subList(before, answers.size());
                    if (command.strip().isEmpty()) {
                        assertTrue(answer.isEmpty(), "a blank line is ignored");
                    } else {
                        assertEquals(1, answer.size(), "one OK or ERROR per command: " + command + " -> " + answer);
                        assertTrue(answer.get(0).equals("OK") || answer.get(0).startsWith("ERROR "), answer.get(0));
                        assertFalse(answer.get(0).startsWith("ERROR internal error"), command + " -> " + answer);
                        assertTrue(answer.get(0).chars().noneMatch(Character::isISOControl), answer.get(0));
                    }
                    if (!more) {
                        break;
                    }
                }
            } finally {
                box.close();
            }
            SafetyOracle.checkFiles(dir.resolve("box.db"));
        }
    }

    @Example
    void anUnknownCommandWithAControlCharacterIsQuotedEscaped() {
        try (ScratchDir dir = ScratchDir.create()) {
            ProofBox box = ProofBox.start(dir.resolve("box.db"), SimBoxes.config(""), SimBoxes.NOW, line -> { });
            List<String> answers = new ArrayList<>();
            ProtocolOut out = new ProtocolOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            out.tap(answers::add);
            try {
                new ScriptProtocol(box.box(), out).execute("key\u001b[2J 1");
            } finally {
                box.close();
            }
            assertEquals(List.of("ERROR unknown command \"key\\u001b[2J\" (key, advance, take, put, sms, apply, grant,"
                    + " quit)"), answers);
        }
    }

    /** A modem that does anything a broken one might: accept, refuse with any text, throw, hang up. */
    private static final class GarbageModem implements SmsGateway {
        private final Random random;
        String lastNumber = "";
        String lastText = "";

        GarbageModem(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public String name() {
            return "modem";
        }

        @Override
        public String send(String e164, String text) throws SmsException {
            lastNumber = e164;
            lastText = text;
            String echo = switch (random.nextInt(6)) {
                case 0 -> "AT+CMGS=\"" + e164 + "\"\r\n> " + text + "\u001a\r\n+CMS ERROR: 500";
                case 1 -> "+CME ERROR: " + random.nextInt(1000) + " " + e164.substring(1);
                case 2 -> new String(bytes(random.nextInt(40)), java.nio.charset.StandardCharsets.ISO_8859_1);
                case 3 -> "NO CARRIER";
                case 4 -> "";
                default -> text;
            };
            switch (random.nextInt(5)) {
                case 0:
                    return random.nextBoolean() ? null : echo;
                case 1:
                    throw new IllegalStateException(echo);
                case 2:
                    throw new NullPointerException();
                default:
                    throw new SmsException(echo);
            }
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }
    }

    @Property(tries = 100)
    void aModemThatAnswersGarbageNeitherBreaksTheLoopNorLeaksIntoTheAudit(@ForAll long seed,
            @ForAll boolean simAsFallback) {
        GarbageModem modem = new GarbageModem(seed);
        try (ScratchDir dir = ScratchDir.create()) {
            List<String> lines = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            SafetyOracle oracle = new SafetyOracle(dir.resolve("box.db"), SimBoxes.config("").box().latchMaxReleased());
            ProofBox box = ProofBox.start(dir.resolve("box.db"), simAsFallback ? MODEM_THEN_SIM : MODEM_ONLY,
                    SimBoxes.NOW, line -> {
                        lines.add(line);
                        oracle.line(line);
                    }, kind -> modem);
            oracle.attach(box);
            try {
                for (String who : List.of("5550000002#", "135790#", "5550000005#", "909090#", "777111##")) {
                    box.box().press("*".repeat(8) + who);
                    secrets.add(modem.lastNumber.isEmpty() ? "+0" : modem.lastNumber.substring(1));
                    java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\d{6}").matcher(modem.lastText);
                    if (code.find()) {
                        secrets.add(code.group());
                    }
                    box.box().advance(61_000);
                }
            } finally {
                box.close();
                oracle.close();
            }
            assertTrue(oracle.failures().isEmpty(), oracle.failures().toString());
            for (String line : lines) {
                assertTrue(line.chars().noneMatch(Character::isISOControl), "a control character in: " + line);
                if (line.startsWith("AUDIT ") || line.startsWith("DISPLAY ")) {
                    for (String secret : secrets) {
                        assertFalse(line.contains(secret), "what the modem said leaks a secret: " + line);
                    }
                }
            }
            SafetyOracle.checkFiles(dir.resolve("box.db"));
        }
    }

    @Example
    void aModemThatEchoesItsCommandLeavesNoCodeOrNumberInTheAudit() {
        SmsGateway echoing = new SmsGateway() {
            @Override
            public String name() {
                return "modem";
            }

            @Override
            public String send(String e164, String text) throws SmsException {
                throw new SmsException("AT+CMGS=\"" + e164 + "\"\r\n> " + text + "\u001a\r\n+CMS ERROR: 500 ("
                        + e164.substring(2) + ")");
            }
        };
        try (ScratchDir dir = ScratchDir.create()) {
            List<String> lines = new ArrayList<>();
            ProofBox box = ProofBox.start(dir.resolve("box.db"), MODEM_ONLY, SimBoxes.NOW, lines::add, kind -> echoing);
            try {
                box.box().press("135790#");
            } finally {
                box.close();
            }
            assertTrue(lines.contains("AUDIT DENIED user=u-max reason=sms_failed detail=modem:_AT+CMGS=\"***0003\"_>"
                    + "_[message]_+CMS_ERROR:_500_(*****)"), lines.toString());
        }
    }
}
