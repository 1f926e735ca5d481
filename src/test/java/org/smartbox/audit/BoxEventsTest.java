package org.smartbox.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The shell's audit entries as {@code smartbox audit} and the simulator's AUDIT line show them: field
 * names and order are a public interface (SPEC §8, docs), so each factory's line is pinned here.
 */
class BoxEventsTest {

    private static final Instant T = Instant.parse("2026-12-03T06:00:00Z");

    @Test
    void theBoxStartingAndStopping() {
        assertEquals("STARTED box=box-7 version=12", BoxEvents.started("box-7", 12).line());
        assertEquals("STOPPED", BoxEvents.stopped().line());
        assertEquals("STOPPED reason=crash error=IllegalStateException:_gone",
                BoxEvents.crashed("IllegalStateException: gone").line());
        assertEquals("SESSION_INTERRUPTED user=u1 key=k1 slot=3",
                BoxEvents.sessionInterrupted("u1", "k1", "3").line());
        assertEquals("LATCH_GUARD slot=2", BoxEvents.latchGuard(2).line());
        assertEquals("CLOCK_BEHIND wall=2026-12-03T05:00:00Z floor=2026-12-03T06:00:00Z behind_s=3600",
                BoxEvents.clockBehind(T.minusSeconds(3600), T, 3600).line());
    }

    @Test
    void powerAndService() {
        assertEquals("POWER_LOST", BoxEvents.power(true).line());
        assertEquals("POWER_RESTORED", BoxEvents.power(false).line());
        assertEquals("BATTERY_LOW", BoxEvents.batteryLow().line());
        assertEquals("OUT_OF_SERVICE reason=hardware part=keypad", BoxEvents.hardwareFault("keypad").line());
        assertEquals("BACK_IN_SERVICE part=keypad", BoxEvents.partBack("keypad").line());
        assertEquals("OUT_OF_SERVICE reason=disk_full since=2026-12-03T06:00:00Z",
                BoxEvents.storeFault("disk_full", T).line());
        assertEquals("BACK_IN_SERVICE", BoxEvents.backInService().line());
    }

    @Test
    void syncGrantsAndRefusals() {
        assertEquals("SYNC_APPLIED version=5 type=snapshot", BoxEvents.syncApplied(5, true, null, false).line());
        assertEquals("SYNC_APPLIED version=6 type=delta warning=code_space reset=true",
                BoxEvents.syncApplied(6, false, "code_space", true).line());
        assertEquals("SYNC_REJECTED path=$.users[0].mobile", BoxEvents.syncRejected("$.users[0].mobile").line());
        assertEquals("KEY_DROPPED key=k9 holder=u2", BoxEvents.keyDropped("k9", "u2").line());
        assertEquals("GRANT_REJECTED grant=g1 user=u1 key=k1 reason=expired",
                BoxEvents.grantRejected("g1", "u1", "k1", "expired").line());
        assertEquals("GRANT_REJECTED reason=unreadable", BoxEvents.grantRejected(null, null, null, "unreadable").line());
        assertEquals("REFUSALS_COUNTED of=SYNC_REJECTED count=40 reasons=$:40 from=2026-12-03T06:00:00Z",
                BoxEvents.refusalsCounted(AuditType.SYNC_REJECTED, 40, "$:40", T).line());
        assertEquals("AUDIT_CHAIN_KEYED rechained=8 legacy=ab12", BoxEvents.chainKeyed(8, "ab12").line());
    }
}
