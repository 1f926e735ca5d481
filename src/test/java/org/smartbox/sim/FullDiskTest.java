package org.smartbox.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smartbox.testing.TinyFileSystem;

/**
 * The data folder on a tiny file system that fills up (a tmpfs the test mounts; needs root, as CI
 * has): the key in hand is still recorded, the box goes out of service with every latch held, and it
 * comes back by itself once there is room again.
 */
class FullDiskTest {

    @RegisterExtension
    final TinyFileSystem tiny = new TinyFileSystem();

    @Test
    void aFullDiskStillRecordsTheKeyInHandThenHoldsEverythingUntilThereIsRoom() throws Exception {
        Path filler = tiny.path().resolve("filler");
        try (SimBoxes.Running box = SimBoxes.start(tiny.path().resolve("box.db"), SimBoxes.config(""), SimBoxes.NOW)) {
            box.box().press("246800#");
            box.box().press("1#");
            assertTrue(box.lines().contains("UNLOCK 6"));
            tiny.fill("filler");

            int mark = box.mark();
            box.box().take(6);
            List<String> full = box.since(mark);
            assertTrue(full.contains("LOCK 6"), full.toString());
            assertTrue(full.stream().anyMatch(l -> l.startsWith("AUDIT PICKUP user=u-nina key=k-6d slot=6")),
                    "the pickup is recorded from the reserve: " + full);
            assertTrue(full.stream().anyMatch(l -> l.startsWith("DISPLAY") && l.contains("OUT OF SERVICE")), full.toString());

            mark = box.mark();
            box.box().press("246800#");
            box.box().advance(20_000);
            assertFalse(box.since(mark).stream().anyMatch(l -> l.startsWith("UNLOCK")), "nothing opens meanwhile");
            assertTrue(box.box().kiosk().loop().faults().faulty(), "still out of service while the disk is full");

            Files.delete(filler);
            mark = box.mark();
            box.box().advance(16_000);
            List<String> back = box.since(mark);
            assertTrue(back.stream().anyMatch(l -> l.startsWith("AUDIT OUT_OF_SERVICE reason=Storage_full")), back.toString());
            assertTrue(back.contains("AUDIT BACK_IN_SERVICE"), back.toString());
            assertTrue(back.stream().anyMatch(l -> l.startsWith("DISPLAY   SmartBox SB-DEMO")), back.toString());
            assertTrue(box.box().kiosk().data().audit().verify().intact());
            assertEquals("ok", box.box().kiosk().data().database().integrityCheck());
        }
    }
}
