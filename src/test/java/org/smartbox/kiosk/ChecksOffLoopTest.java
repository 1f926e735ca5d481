package org.smartbox.kiosk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smartbox.testing.TestBox.SLOT_4B;
import static org.smartbox.testing.TestBox.TARA;
import static org.smartbox.testing.TestBox.TARA_NATIONAL;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartbox.audit.AuditType;
import org.smartbox.cache.HealthCheck;
import org.smartbox.testing.MemoryKiosk;
import org.smartbox.testing.TestBox;

/**
 * SPEC §7: the service menu's checks (seconds of database, chain and shell work) run off the kiosk
 * loop; the keypad and the key sensors are served while they run, and the result comes back as an
 * event. The check here blocks until the test lets it go, on the box's own checks thread.
 */
class ChecksOffLoopTest {

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);
    /** The result is in the loop's inbox. */
    private final CountDownLatch delivered = new CountDownLatch(1);
    private MemoryKiosk k;

    @BeforeEach
    void tara() {
        k = TestBox.kiosk(TestBox.cache().security(TARA, false, true, true));
        Checks boxChecks = Checks.onOwnThread(now -> {
            started.countDown();
            try {
                letGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new HealthCheck("database", "ok", "integrity ok", ""));
        });
        k.checksBy((now, done) -> boxChecks.start(now, result -> {
            done.accept(result);
            delivered.countDown();
        }));
        k.press(TARA_NATIONAL + "#");
        assertTrue(k.shows("6 Checks"), k.display());
    }

    @AfterEach
    void release() {
        letGo.countDown();
    }

    @Test
    void keysAndSensorsAreHandledWhileTheChecksRun() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            k.press("6");
            assertTrue(k.shows("Running the checks"), k.display());
            assertTrue(started.await(10, TimeUnit.SECONDS), "the checks never started");

            // The check is still blocked: a key leaving its slot is seen and audited at once.
            assertTrue(k.take(SLOT_4B));
            assertEquals(1, k.count(AuditType.TAMPER), k.auditLines()::toString);
            k.press("#");
            assertTrue(k.shows("Running the checks"), k.display());

            letGo.countDown();
            assertTrue(delivered.await(10, TimeUnit.SECONDS), "the checks never finished");
            k.drain();
            assertTrue(k.shows("database: OK") && k.shows("integrity ok"), k.display());
        });
    }

    @Test
    void goingBackWhileTheChecksRunDropsTheirResult() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            k.press("6");
            assertTrue(started.await(10, TimeUnit.SECONDS), "the checks never started");
            k.press("*");
            assertTrue(k.shows("6 Checks"), k.display());
            k.press("2");
            assertTrue(k.shows("Sensors"), k.display());

            letGo.countDown();
            // The result arrives (the checks thread ends) and changes nothing on the sensors page.
            assertTrue(delivered.await(10, TimeUnit.SECONDS), "the checks never finished");
            k.drain();
            assertTrue(k.shows("Sensors"), k.display());
        });
    }
}
