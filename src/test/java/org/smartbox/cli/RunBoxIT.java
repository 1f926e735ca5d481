package org.smartbox.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.Base32;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.hardware.pi4j.Hd44780Decoder;
import org.smartbox.hardware.pi4j.KeypadMatrix;
import org.smartbox.hardware.pi4j.Pi4jContexts;
import org.smartbox.kiosk.BoxData;
import org.smartbox.kiosk.SyncService;
import org.smartbox.kiosk.SystemKioskClock;
import org.smartbox.store.AuditLog;
import org.smartbox.store.AuditRecord;
import org.smartbox.store.Database;
import org.smartbox.sync.Ed25519Keys;
import org.smartbox.sync.Grant;
import org.smartbox.sync.GrantSigner;

/**
 * {@code smartbox run} with the bench config, in this JVM so the test can reach the mock pins: the
 * same composition the command runs ({@link RunningBox} on a Pi4J mock context built from the config),
 * driven as a person would, through keypad wiring and key sensors, with the latch outputs read back.
 */
class RunBoxIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static final Ed25519Keys.Base64Pair CLOUD = Ed25519Keys.generate();
    private static final byte[] ADA_SECRET = Base32.decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").orElseThrow();

    private Path db;
    private Path sms;
    private DeviceConfig device;
    private Context pi4j;
    private RunningBox box;
    private Thread loop;
    private KeypadMatrix keypad;
    /** Kept from the start: they can be read after the box let go of Pi4J. */
    private final List<DigitalOutput> latchOutputs = new ArrayList<>();
    private final List<String> notified = new CopyOnWriteArrayList<>();
    private final List<String> latchesAtReady = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        db = dir.resolve("bench.db");
        sms = dir.resolve("sms.txt");
        String bench = Files.readString(project().resolve("device-config/bench.properties"));
        Path config = dir.resolve("bench.properties");
        Files.writeString(config, bench.replace("sms.file=smartbox-bench-sms.txt", "sms.file=" + sms)
                + "\ngrants.publicKey=" + CLOUD.publicKey() + "\n");
        device = DeviceConfig.from(ConfigFile.load(config));
        importDemoData(Map.of());
    }

    private static Path project() {
        return Path.of(System.getProperty("smartbox.projectDir", "."));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        stop();
    }

    /**
     * The demo data's keys that fit the bench box's eight slots, imported as `smartbox import` does;
     * {@code slots} moves keys first (a slot past the box's drops the key).
     */
    private void importDemoData(Map<String, Integer> slots) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(project().resolve("device-config/demo-data.json")
                .toFile());
        doc.put("boxId", device.box().boxId());
        ArrayNode keys = (ArrayNode) doc.get("keys");
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = keys.iterator(); it.hasNext(); ) {
            ObjectNode key = (ObjectNode) it.next();
            key.put("slot", slots.getOrDefault(key.get("id").asText(), key.get("slot").asInt()));
            if (key.get("slot").asInt() > device.box().slots()) {
                it.remove();
            }
        }
        try (BoxData data = BoxData.open(device.box(), db, new SystemKioskClock(Clock.systemUTC()), new SecureRandom())) {
            SyncService.Outcome outcome = data.sync().apply(new ByteArrayInputStream(json.writeValueAsBytes(doc)));
            assertTrue(outcome instanceof SyncService.Outcome.Applied, "demo data applied: " + outcome);
        }
    }

    private void start() {
        pi4j = Pi4jContexts.create(device.hardware().orElseThrow().platform());
        latchOutputs.clear();
        latchesAtReady.clear();
        notified.clear();
        box = RunningBox.start(device, db, pi4j, new SmsGateways(device, Optional.empty()), Optional.empty(),
                state -> {
            if (state.startsWith("READY=1")) {
                for (int slot = 1; slot <= device.box().slots(); slot++) {
                    latchOutputs.add(pi4j.registry().get("latch-" + slot, DigitalOutput.class));
                }
                for (int slot = 1; slot <= device.box().slots(); slot++) {
                    latchesAtReady.add(latch(slot).name());
                }
            }
            notified.add(state);
        }, Clock.systemUTC(), "test");
        loop = new Thread(() -> box.serve(() -> { }), "test-kiosk-loop");
        loop.start();
        // The bench box's own keypad wiring (made before its scanner started).
        keypad = box.bench().orElseThrow().keypad();
    }

    private void stop() throws InterruptedException {
        if (box == null) {
            return;
        }
        box.stop();
        loop.join(10_000);
        box.close();
        pi4j.shutdown();
        box = null;
    }

    private DigitalState latch(int slot) {
        return latchOutputs.get(slot - 1).state();
    }

    private List<Integer> released() {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 1; slot <= device.box().slots(); slot++) {
            if (latch(slot) == DigitalState.HIGH) {
                slots.add(slot);
            }
        }
        return slots;
    }

    private MockDigitalInput sensor(int slot) {
        return pi4j.registry().get("sensor-" + slot, MockDigitalInput.class);
    }

    private List<String> auditAfterStop() {
        try (Database database = Database.openExisting(db)) {
            return new AuditLog(database).list(0, 10_000).stream().map(AuditRecord::line).toList();
        }
    }

    @Test
    void aGuestPicksUpAKeyWithAnSmsCode() throws Exception {
        start();
        assertEquals(List.of("LOW", "LOW", "LOW", "LOW", "LOW", "LOW", "LOW", "LOW"), latchesAtReady,
                "every latch held when READY=1 is sent");
        assertTrue(notified.get(0).startsWith("READY=1"), notified.toString());

        type("5550000002#");
        String code = codeSentTo("+15550000002");
        assertEquals(List.of(), released(), "nothing opens before the code");

        type(code + "#");
        type("1#"); // Unit 4B, slot 3
        await("slot 3 released").atMost(WAIT).until(() -> released().equals(List.of(3)));

        sensor(3).mockState(DigitalState.HIGH); // the key leaves its slot
        await("slot 3 held again").atMost(WAIT).until(() -> released().isEmpty());
        awaitAudit("PICKUP user=u-gus key=k-4b slot=3 factor=SMS");

        stop();
        for (int slot = 1; slot <= 8; slot++) {
            assertEquals(DigitalState.LOW, latch(slot), "slot " + slot + " held after shutdown");
        }
        List<String> audit = auditAfterStop();
        assertTrue(audit.get(audit.size() - 1).endsWith("STOPPED"), audit.toString());
        assertEquals(3, audit.stream().filter(l -> l.contains(" CODE_SENT ") || l.contains(" CODE_ACCEPTED ")
                || l.contains(" PICKUP ")).count(), audit.toString());
    }

    /** Ada (an app, every 2FA setting on by default) gets her storage key in slot 8, in a box of its own. */
    private void adasStorageKeyInSlot8() throws IOException {
        db = dir.resolve("ada.db");
        importDemoData(Map.of("k-office", 99, "k-store", 8));
    }

    @Test
    void anOwnerPicksUpWithHerAppCodeAndNoSmsLeavesTheBox() throws Exception {
        adasStorageKeyInSlot8();
        start();
        type("5550000006#");
        type(new String(new AppCodes().code(ADA_SECRET, Instant.now().getEpochSecond() / AppCodes.STEP_SECONDS),
                StandardCharsets.US_ASCII) + "#");
        await("slot 8 released").atMost(WAIT).until(() -> released().equals(List.of(8)));
        sensor(8).mockState(DigitalState.HIGH);
        await("slot 8 held again").atMost(WAIT).until(() -> released().isEmpty());
        awaitAudit("PICKUP user=u-ada key=k-store slot=8 factor=APP");
        assertEquals(List.of(), smsLines(), "the app factor sends nothing");
    }

    @Test
    void aSignedGrantFromTheFleetReleasesTheSlotOnceWhenHashIsPressedOnItsOffer() throws Exception {
        adasStorageKeyInSlot8();
        start();
        Instant now = Instant.now();
        byte[] grant = GrantSigner.fromBase64(CLOUD.privateKey()).sign(new Grant("g-run-1", device.box().boxId(),
                "u-ada", "k-store", now.minusSeconds(5), now.plusSeconds(120))).getBytes(StandardCharsets.UTF_8);

        assertEquals(Optional.empty(), deliver(grant), "accepted");
        awaitAudit("GRANT_OFFERED grant=g-run-1 user=u-ada key=k-store slot=8");
        assertEquals(List.of(), released(), "offered, not released: nobody pressed # yet");
        type("#");
        await("slot 8 released").atMost(WAIT).until(() -> released().equals(List.of(8)));
        sensor(8).mockState(DigitalState.HIGH);
        await("slot 8 held again").atMost(WAIT).until(() -> released().isEmpty());
        awaitAudit("PICKUP user=u-ada key=k-store slot=8 factor=APP");

        assertEquals(Optional.of("replayed"), deliver(grant));
        byte[] forged = GrantSigner.fromBase64(Ed25519Keys.generate().privateKey()).sign(new Grant("g-run-2",
                device.box().boxId(), "u-ada", "k-store", now, now.plusSeconds(120))).getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.of("bad_signature"), deliver(forged));
        assertEquals(List.of(), released(), "no refused grant opens anything");
        awaitAudit("GRANT_REJECTED grant=g-run-2 user=u-ada key=k-store reason=bad_signature");
    }

    private void type(String keys) {
        BoxProbe.type(keypad, keys, WAIT);
    }

    private String codeSentTo(String e164) {
        return BoxProbe.codeSentTo(sms, e164, WAIT);
    }

    private List<String> smsLines() {
        return BoxProbe.smsLines(sms);
    }

    private List<String> audit() throws Exception {
        return BoxProbe.audit(box);
    }

    private void awaitAudit(String fragment) {
        BoxProbe.awaitAudit(box, fragment, WAIT);
    }

    /** Hands a grant to the kiosk as the fleet link does, on the kiosk's own thread. */
    private Optional<String> deliver(byte[] grant) throws Exception {
        CompletableFuture<Optional<String>> refused = new CompletableFuture<>();
        box.kiosk().loop().execute(() -> refused.complete(box.kiosk().grants().deliver(grant)));
        return refused.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aKeyPulledFromAHeldSlotIsAuditedAsTamper() throws Exception {
        start();
        sensor(5).mockState(DigitalState.HIGH);
        awaitAudit("TAMPER slot=5 key=k-5c change=removed");
        assertEquals(List.of(), released());
    }

    @Test
    void stoppingWithALatchOpenHoldsItAndTheNextStartSaysSo() throws Exception {
        start();
        type("135790#"); // Max: every 2FA setting on, so a code first
        type(codeSentTo("+15550000003") + "#");
        type("1#"); // his first key: Garage, slot 4
        await("a latch released").atMost(WAIT).until(() -> released().size() == 1);

        stop(); // SIGTERM in the middle of a pickup
        assertEquals(List.of(), released(), "held after shutdown");

        start();
        awaitAudit("SESSION_INTERRUPTED");
        assertEquals(List.of(), released());
    }

    @Test
    void aKeyPutBackWhileTheBoxWasOffIsNoticedAtStart() throws Exception {
        start();
        sensor(7).mockState(DigitalState.HIGH);
        awaitAudit("TAMPER slot=7 key=k-7e change=removed");
        stop();
        // While the box is off the key goes back in: at the next start the sensor reads it again.
        start();
        awaitAudit("TAMPER slot=7 key=k-7e change=inserted");
    }

    @Test
    void anErrorThatKillsTheLoopHoldsEveryLatchAndExitsNonZero() throws Exception {
        pi4j = Pi4jContexts.create(device.hardware().orElseThrow().platform());
        RunningBox running = RunningBox.start(device, db, pi4j, new SmsGateways(device, Optional.empty()),
                Optional.empty(), notified::add,
                Clock.systemUTC(), "test");
        List<DigitalOutput> outputs = new ArrayList<>();
        for (int slot = 1; slot <= device.box().slots(); slot++) {
            outputs.add(pi4j.registry().get("latch-" + slot, DigitalOutput.class));
        }
        latchOutputs.addAll(outputs);
        keypad = running.bench().orElseThrow().keypad();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> RunCommand.serve(running, pi4j, notified::add, Optional.empty()));

        type("246800#"); // Nina: no code needed
        type("1#"); // Unit 6D, slot 6
        await("slot 6 released").atMost(WAIT).until(() -> released().equals(List.of(6)));
        // The loop thread dies of an error that no code path catches.
        running.kiosk().loop().execute(() -> {
            throw new StackOverflowError("simulated");
        });

        assertEquals(Main.INTERNAL, status.get(20, TimeUnit.SECONDS));
        assertEquals(List.of(), released(), "every latch held");
        List<String> audit = auditAfterStop();
        assertTrue(audit.get(audit.size() - 1).endsWith("STOPPED reason=crash error=StackOverflowError"),
                "the stop says it was a crash, and which: " + audit);
    }

    @Test
    void aBenchBoxAtRestHasNoKeyDownSoNoStuckKeyWarning() {
        start();
        // The scanner drives every row low at once only while it reads no key down; on mock pins that
        // read low until something sets them, it saw all sixteen keys held (and warned of a stuck key).
        List<DigitalOutput> rows = new ArrayList<>();
        for (int row = 1; row <= 4; row++) {
            rows.add(pi4j.registry().get("keypad-row-" + row, DigitalOutput.class));
        }
        await("every row driven low: the scanner at rest").atMost(WAIT)
                .until(() -> rows.stream().allMatch(r -> r.state() == DigitalState.LOW));
        assertEquals(0, keypad.scans(), "the scanner never had to read the rows one by one: no key was ever down");
    }

    @Test
    void theDisplayIsLeftSayingOutOfService() throws Exception {
        start();
        MockI2C i2c = pi4j.registry().get("display", MockI2C.class);
        stop();
        Hd44780Decoder lcd = new Hd44780Decoder(device.hardware().orElseThrow().display().bits());
        byte[] buffer = new byte[1 << 20];
        int n = i2c.read(buffer, 0, buffer.length);
        lcd.feed(java.util.Arrays.copyOf(buffer, Math.max(n, 0)));
        assertEquals(org.smartbox.pickup.Frame.center("Out of service"), lcd.line(2).stripTrailing());
        assertTrue(lcd.line(0).contains("SmartBox SB-BENCH"), lcd.screen().toString());
    }

    @Test
    void aDatabaseThatCannotBeOpenedLeavesEveryLatchHeldAndSaysOutOfService() throws Exception {
        java.nio.file.Files.write(db, "not a database at all".repeat(300).getBytes());
        pi4j = Pi4jContexts.create(device.hardware().orElseThrow().platform());
        org.smartbox.store.StoreException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.smartbox.store.StoreException.class, () -> RunningBox.start(device, db, pi4j,
                        new SmsGateways(device, Optional.empty()), Optional.empty(), notified::add,
                        Clock.systemUTC(), "test"));
        assertTrue(e.getMessage().contains("not a SQLite database or is corrupt"), e.getMessage());
        assertTrue(notified.isEmpty(), "no READY=1 for a box that cannot serve: " + notified);
        for (int slot = 1; slot <= device.box().slots(); slot++) {
            assertEquals(DigitalState.LOW, pi4j.registry().get("latch-" + slot, DigitalOutput.class).state(),
                    "latch " + slot + " held");
        }
        MockI2C i2c = pi4j.registry().get("display", MockI2C.class);
        Hd44780Decoder lcd = new Hd44780Decoder(device.hardware().orElseThrow().display().bits());
        byte[] buffer = new byte[1 << 20];
        int n = i2c.read(buffer, 0, buffer.length);
        lcd.feed(java.util.Arrays.copyOf(buffer, Math.max(n, 0)));
        assertTrue(lcd.line(0).contains("OUT OF SERVICE"), lcd.screen().toString());
        assertTrue(lcd.line(1).startsWith("Storage error"), lcd.screen().toString());
    }
}
