package org.smartbox.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.ConfigFile;
import org.smartbox.config.DeviceConfig;
import org.smartbox.config.HardwareConfig;
import org.smartbox.config.PinRef;
import org.smartbox.hardware.pi4j.KeypadMatrix;
import org.smartbox.hardware.pi4j.MockMcp23017;
import org.smartbox.hardware.pi4j.Pi4jContexts;
import org.smartbox.kiosk.BoxData;
import org.smartbox.kiosk.SyncService;
import org.smartbox.kiosk.SystemKioskClock;
import org.smartbox.store.AuditLog;
import org.smartbox.store.AuditRecord;
import org.smartbox.store.Database;

/**
 * The 12- and 24-slot bench boxes ({@code device-config/bench-12.properties}, {@code bench-24}) run
 * as {@code smartbox run} runs them, in this JVM on the mock platform: slots on MCP23017 register
 * models, sensors through the shared interrupt line, the keypad through its wiring; and the parts
 * of a real box failing: a chip that stops answering or reads back wrong, the service door, mains
 * and battery.
 */
class ExpanderBoxIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path db;
    private Path sms;
    private DeviceConfig device;
    private HardwareConfig hw;
    private Context pi4j;
    private RunningBox box;
    private Thread loop;
    private KeypadMatrix keypad;
    private final List<MockMcp23017> chips = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        stop();
    }

    /** Loads a bench config (with {@code extra} lines added) and imports the demo data, keys moved as asked. */
    private void boxOf(String config, String extra, Map<String, Integer> slots) throws IOException {
        db = dir.resolve("box.db");
        sms = dir.resolve("sms.txt");
        String text = Files.readString(project().resolve("device-config/" + config))
                .replace("sms.file=smartbox-bench-sms.txt", "sms.file=" + sms) + "\n" + extra + "\n";
        Path file = dir.resolve(config);
        Files.writeString(file, text);
        device = DeviceConfig.from(ConfigFile.load(file));
        hw = device.hardware().orElseThrow();
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(project().resolve("device-config/demo-data.json").toFile());
        doc.put("boxId", device.box().boxId());
        ArrayNode keys = (ArrayNode) doc.get("keys");
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = keys.iterator(); it.hasNext(); ) {
            ObjectNode key = (ObjectNode) it.next();
            key.put("slot", slots.getOrDefault(key.get("id").asText(), key.get("slot").asInt()));
        }
        try (BoxData data = BoxData.open(device.box(), db, new SystemKioskClock(Clock.systemUTC()), new SecureRandom())) {
            SyncService.Outcome outcome = data.sync().apply(new ByteArrayInputStream(json.writeValueAsBytes(doc)));
            assertTrue(outcome instanceof SyncService.Outcome.Applied, "demo data applied: " + outcome);
        }
    }

    private static Path project() {
        return Path.of(System.getProperty("smartbox.projectDir", "."));
    }

    private void start() {
        pi4j = Pi4jContexts.create(hw.platform());
        box = RunningBox.start(device, db, pi4j, new SmsGateways(device, Optional.empty()), Optional.empty(),
                state -> { }, Clock.systemUTC(), "test");
        chips.clear();
        for (HardwareConfig.Chip chip : hw.expanders().orElseThrow().chips()) {
            chips.add(pi4j.registry().get(chip.name(), MockMcp23017.class));
        }
        MockMcp23017.shareInterruptLine(pi4j.registry().get("expander-int-27", MockDigitalInput.class), chips);
        loop = new Thread(() -> box.serve(() -> { }), "test-kiosk-loop");
        loop.start();
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

    private MockMcp23017 chipOf(PinRef pin) {
        return chips.get(((PinRef.Expander) pin).chip());
    }

    /** Slots whose latch a meter would see energized. */
    private List<Integer> released() {
        List<Integer> slots = new ArrayList<>();
        for (int slot = 1; slot <= device.box().slots(); slot++) {
            PinRef.Expander pin = (PinRef.Expander) hw.latchPin(slot);
            MockMcp23017 chip = chipOf(pin);
            if (chip.driving(pin.mask()) && chip.high(pin.mask()) == hw.releaseHigh()) {
                slots.add(slot);
            }
        }
        return slots;
    }

    private boolean anyExpanderPinDriven() {
        return chips.stream().anyMatch(chip -> chip.driving(0xFFFF));
    }

    /** The key leaves its slot: the sensor's switch opens and the pull-up reads high. */
    private void take(int slot) {
        PinRef.Expander pin = (PinRef.Expander) hw.sensorPin(slot);
        chipOf(pin).drive(pin.mask(), true);
    }

    private void type(String keys) {
        BoxProbe.type(keypad, keys, WAIT);
    }

    private String codeSentTo(String e164) {
        return BoxProbe.codeSentTo(sms, e164, WAIT);
    }

    private List<String> audit() throws Exception {
        return BoxProbe.audit(box);
    }

    private void awaitAudit(String fragment) {
        BoxProbe.awaitAudit(box, fragment, WAIT);
    }

    /** The frame the kiosk last put on the display, read on the loop thread. */
    private String screen() {
        CompletableFuture<String> frame = new CompletableFuture<>();
        box.kiosk().loop().execute(() -> {
            org.smartbox.pickup.Frame shown = box.kiosk().loop().state().shown();
            frame.complete(String.join("|", shown.line(0), shown.line(1), shown.line(2), shown.line(3)));
        });
        try {
            return frame.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(no frame: " + e + ")";
        }
    }

    private void awaitScreen(String fragment) {
        await().atMost(WAIT).untilAsserted(() -> assertTrue(screen().contains(fragment),
                () -> "the display shows " + fragment + ": " + screen()));
    }

    /** Pages the service menu's checks with # until the one starting with {@code fragment} shows. */
    private void pageTo(String fragment) {
        for (int page = 0; page < 20 && !screen().contains(fragment); page++) {
            String before = screen();
            type("#");
            await("the next page after: " + before).atMost(WAIT)
                    .until(() -> !screen().equals(before));
        }
        awaitScreen(fragment);
    }

    @Test
    void theModelChipTakesBareTransfersAsTheRealOneDoesThroughItsAddressPointer() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        start();
        MockMcp23017 chip = chips.get(0);
        int iodirA = chip.readRegister(0x00);
        int iodirB = chip.readRegister(0x01);
        chip.write((byte) 0x00);
        assertEquals(iodirA, chip.read(), "a bare read reads the register the pointer names");
        assertEquals(iodirB, chip.read(), "and goes on to the next one");
        int ipolA = chip.readRegister(0x02);
        chip.write(new byte[] {0x02, (byte) (ipolA ^ 0x01), (byte) chip.readRegister(0x03)}, 0, 3);
        assertEquals(ipolA ^ 0x01, chip.readRegister(0x02), "a bare write's first byte is the address");
        chip.writeRegister(0x02, (byte) ipolA);
    }

    // ---- the two bench boxes ----

    @Test
    void theTwelveSlotBoxHandsAGuestHisKeyFromAnExpander() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        start();
        assertEquals(List.of(), released(), "every latch held when serving starts");
        type("5550000002#");
        type(codeSentTo("+15550000002") + "#");
        type("1#"); // Unit 4B, slot 3: mcp0:A2
        await("slot 3 released").atMost(WAIT).until(() -> released().equals(List.of(3)));
        take(3);
        await("slot 3 held again").atMost(WAIT).until(() -> released().isEmpty());
        awaitAudit("PICKUP user=u-gus key=k-4b slot=3 factor=SMS");
        stop();
        assertEquals(false, anyExpanderPinDriven(), "stopped: RESET low, every expander pin floats");
    }

    @Test
    void theTwentyFourSlotBoxHandsOutAKeyFromItsThirdChip() throws Exception {
        boxOf("bench-24.properties", "", Map.of("k-4b", 20));
        start();
        type("5550000002#");
        type(codeSentTo("+15550000002") + "#");
        type("2#"); // the list in slot order: 1 Unit 6D (slot 6), 2 Unit 4B (slot 20, mcp2:A3)
        await("slot 20 released").atMost(WAIT).until(() -> released().equals(List.of(20)));
        take(20); // its sensor is mcp2:B5
        await("slot 20 held again").atMost(WAIT).until(() -> released().isEmpty());
        awaitAudit("PICKUP user=u-gus key=k-4b slot=20 factor=SMS");
    }

    // ---- chips failing ----

    @Test
    void aChipThatStopsAnsweringWhileALatchIsOpenHoldsEverythingAndTakesTheBoxOutOfService() throws Exception {
        boxOf("bench-24.properties", "", Map.of());
        start();
        type("246800#"); // Nina: no code
        type("1#"); // Unit 6D, slot 6 on mcp0
        await("slot 6 released").atMost(WAIT).until(() -> released().equals(List.of(6)));
        chips.get(0).unplug(true);
        // The once-a-second check of the outputs finds it; RESET goes low, every expander pin floats.
        await("every expander pin let go").atMost(WAIT).until(() -> !anyExpanderPinDriven());
        awaitAudit("OUT_OF_SERVICE reason=hardware part=expanders");
        awaitScreen("OUT OF SERVICE");
        assertTrue(screen().contains("Hardware error"), screen());
        type("246800#");
        assertEquals(List.of(), released(), "the keypad opens nothing while out of service");
    }

    @Test
    void aReleaseTheChipDoesNotReadBackIsAFaultNotAnOpenSlot() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        start();
        chips.get(0).misread(0x14, 0x0020); // OLAT of mcp0 reads bit A5 (slot 6) wrong
        type("246800#");
        type("1#");
        awaitAudit("OUT_OF_SERVICE reason=hardware part=expanders");
        assertEquals(false, anyExpanderPinDriven(), "held through RESET");
        awaitScreen("OUT OF SERVICE");
        assertTrue(audit().stream().noneMatch(l -> l.contains(" PICKUP ")), "nothing was handed out");
    }

    // ---- the service door ----

    private MockDigitalInput tamper() {
        return pi4j.registry().get("tamper", MockDigitalInput.class);
    }

    @Test
    void anOpenServiceDoorIsTamperAndStopsServiceUntilItCloses() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        start();
        tamper().mockState(DigitalState.HIGH);
        awaitAudit("TAMPER source=enclosure change=opened");
        awaitScreen("Service door open");
        assertTrue(screen().contains("OUT OF SERVICE"), screen());
        type("246800#");
        assertEquals(List.of(), released());
        tamper().mockState(DigitalState.LOW);
        awaitAudit("TAMPER_CLEARED source=enclosure");
        awaitScreen("Mobile # or code");
        type("246800#");
        type("1#");
        await("serving again: slot 6 released").atMost(WAIT).until(() -> released().equals(List.of(6)));
    }

    @Test
    void aTechnicianAtWorkSeesTheOpenDoorAndTheBoxStopsWhenHeLeaves() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        start();
        type("808080#"); // Tom, technician, login 2FA off
        awaitScreen("1 Latch");
        tamper().mockState(DigitalState.HIGH);
        awaitAudit("TAMPER source=enclosure change=opened user=u-tom");
        awaitScreen("Service door open");
        assertTrue(screen().contains("1 Latch"), "still the service menu: " + screen());
        type("*"); // exit the menu with the door still open
        awaitScreen("OUT OF SERVICE");
    }

    @Test
    void withTamperOutOfServiceOffAnOpenDoorIsOnlyAudited() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        Files.writeString(dir.resolve("bench-12.properties"), Files.readString(dir.resolve("bench-12.properties"))
                .replace("tamper.outOfService=true", "tamper.outOfService=false"));
        device = DeviceConfig.from(ConfigFile.load(dir.resolve("bench-12.properties")));
        hw = device.hardware().orElseThrow();
        start();
        tamper().mockState(DigitalState.HIGH);
        awaitAudit("TAMPER source=enclosure change=opened");
        type("246800#");
        type("1#");
        await("still serving: slot 6 released").atMost(WAIT).until(() -> released().equals(List.of(6)));
    }

    @Test
    void theServiceMenusChecksShowTheExpandersTheDoorAndThePower() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        start();
        type("808080#");
        awaitScreen("1 Latch");
        type("6");
        awaitScreen("config: OK");
        pageTo("expanders: OK");
        assertTrue(screen().contains("mcp0 (I2C 0x20)"), screen());
        pageTo("tamper: OK");
        pageTo("power: OK");
        chips.get(1).unplug(true);
        awaitAudit("OUT_OF_SERVICE reason=hardware part=expanders");
    }

    // ---- power ----

    @Test
    void mainsLostAndBackAreAuditedAndTheBoxServesOnBattery() throws Exception {
        boxOf("bench-12.properties", "", Map.of());
        start();
        MockDigitalInput mains = pi4j.registry().get("power-mains-lost", MockDigitalInput.class);
        mains.mockState(DigitalState.HIGH); // bench config: high means mains lost
        awaitAudit("POWER_LOST");
        type("246800#");
        type("1#");
        await("serving on battery: slot 6 released").atMost(WAIT).until(() -> released().equals(List.of(6)));
        mains.mockState(DigitalState.LOW);
        awaitAudit("POWER_RESTORED");
    }

    @Test
    void aLowBatteryHoldsEveryLatchWritesStoppedAndAsksForAPowerOff() throws Exception {
        Path asked = dir.resolve("poweroff-asked");
        boxOf("bench-12.properties", "", Map.of());
        Files.writeString(dir.resolve("bench-12.properties"), Files.readString(dir.resolve("bench-12.properties"))
                .replace("power.shutdownCommand=true", "power.shutdownCommand=touch " + asked));
        device = DeviceConfig.from(ConfigFile.load(dir.resolve("bench-12.properties")));
        hw = device.hardware().orElseThrow();
        start();
        type("246800#");
        type("1#");
        await("slot 6 released").atMost(WAIT).until(() -> released().equals(List.of(6)));
        pi4j.registry().get("power-battery-low", MockDigitalInput.class).mockState(DigitalState.HIGH);
        loop.join(WAIT.toMillis());
        assertTrue(!loop.isAlive(), "the kiosk loop ended");
        assertEquals(List.of(), released(), "every latch held");
        assertTrue(Files.exists(asked), "the power-off was asked for");
        box.close();
        pi4j.shutdown();
        box = null;
        try (Database database = Database.openExisting(db)) {
            List<String> lines = new AuditLog(database).list(0, 10_000).stream().map(AuditRecord::line).toList();
            assertTrue(lines.get(lines.size() - 2).endsWith("BATTERY_LOW"), lines.toString());
            assertTrue(lines.get(lines.size() - 1).endsWith("STOPPED"), lines.toString());
        }
    }
}
