package org.smartbox.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smartbox.diag.CheckResult;
import org.smartbox.diag.DataChecks;
import org.smartbox.diag.HostFacts;
import org.smartbox.sim.SimBoxes;
import org.smartbox.sim.SimulatorException;
import org.smartbox.testing.TinyFileSystem;

/**
 * The rest of SPEC §11's full disk (the running box is sim/FullDiskTest): on a tiny tmpfs the test
 * mounts (root, as in CI), {@code smartbox diag} says the disk is full, the box out of service says
 * why, and a box started on a full disk refuses with a clear message instead of an internal error.
 */
class DiskTroubleTest {

    @RegisterExtension
    final TinyFileSystem tiny = new TinyFileSystem();

    @Test
    void aFullDiskIsNamedByTheBoxAndByDiag() throws Exception {
        Path db = tiny.path().resolve("box.db");
        List<String> lines = new ArrayList<>();
        ProofBox box = ProofBox.start(db, SimBoxes.config(""), SimBoxes.NOW, lines::add);
        try {
            tiny.fill("filler");
            box.box().press("246800#1#");
            box.box().take(6);
            assertTrue(box.box().kiosk().loop().faults().faulty());
            assertTrue(box.box().kiosk().loop().faults().reason().contains("disk is full"), box.box().kiosk().loop().faults().reason());
            CheckResult disk = DataChecks.disk(tiny.path(), new HostFacts());
            assertEquals(CheckResult.Status.FAIL, disk.status(), disk.toString());
            assertTrue(disk.hint().contains("cannot record pickups"), disk.hint());
        } finally {
            box.close();
        }
    }

    @Test
    void aBoxStartedOnAFullDiskRefusesWithAClearMessageAndReleasesNothing() throws Exception {
        startsOnAFullDisk(false);
    }

    @Test
    void aBoxRestartedAfterACrashOnAFullDiskRefusesWithAClearMessageAndReleasesNothing() throws Exception {
        startsOnAFullDisk(true);
    }

    private void startsOnAFullDisk(boolean crashed) throws Exception {
        Path db = tiny.path().resolve("box.db");
        ProofBox first = ProofBox.start(db, SimBoxes.config(""), SimBoxes.NOW, line -> { });
        first.box().press("246800#1#");
        if (crashed) {
            // Killed with the latch open: the WAL and its index stay behind, as after a power cut.
            first.crash();
        } else {
            first.close();
        }
        tiny.fill("filler");
        List<String> lines = new ArrayList<>();
        SimulatorException refused = assertThrows(SimulatorException.class,
                () -> ProofBox.start(db, SimBoxes.config(""), Instant.parse("2026-11-29T12:00:00Z"), lines::add).close());
        assertTrue(refused.getMessage().startsWith(db.toString()) && refused.getMessage().contains("disk is full"),
                refused.getMessage());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("UNLOCK")), lines.toString());
        // Room again: it starts, and nothing was lost.
        Files.delete(tiny.path().resolve("filler"));
        List<String> restart = new ArrayList<>();
        ProofBox again = ProofBox.start(db, SimBoxes.config(""), Instant.parse("2026-11-29T12:01:00Z"), restart::add);
        again.close();
        // The latch was open when the box went down, cleanly or not: that session is on record.
        assertTrue(restart.contains("AUDIT SESSION_INTERRUPTED user=u-nina key=k-6d slot=6"), restart.toString());
        SafetyOracle.checkFiles(db);
    }
}
