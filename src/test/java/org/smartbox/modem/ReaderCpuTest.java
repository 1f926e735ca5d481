package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.config.ModemConfig;

/**
 * What the open port costs while nothing happens, measured on the threads themselves (ThreadMXBean
 * CPU time) over 10 s: the reader blocked in jssc's untimed read, the watchdog ticking twice a second.
 * And what a hang-up costs: jssc's native read loops on a hung-up tty until the watchdog closes it.
 * The figures go to the test's output file (target/surefire-reports/...ReaderCpuTest-output.txt).
 */
@Tag("socat")
class ReaderCpuTest {

    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private static Thread thread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return t;
            }
        }
        throw new AssertionError("no thread " + name);
    }

    private static long cpuMillis(Thread t) {
        long nanos = THREADS.getThreadCpuTime(t.getId());
        return nanos < 0 ? 0 : nanos / 1_000_000;
    }

    @Test
    void idleReaderAndWatchdogCostAlmostNothingAndAHangUpIsCutShort() throws Exception {
        PtyPair.assumeSocat();
        try (ModemEmulator emulator = new ModemEmulator(); PtyPair pty = new PtyPair(dir).start()) {
            pty.serve(emulator);
            JsscModemPort port = new JsscModemPort(pty.boxEnd().toString(), 115200);
            ModemGateway gateway = new ModemGateway(port, new ModemGateway.Settings(Duration.ofSeconds(2),
                    Duration.ofSeconds(10), ModemConfig.Charset.GSM, Optional.empty(), Duration.ofMinutes(10),
                    Duration.ofSeconds(1), Duration.ofSeconds(60)), System::nanoTime, Clock.systemUTC());
            try {
                gateway.checkHealth();
                Thread reader = port.readerThread();
                Thread watchdog = thread("modem-watchdog");

                long readerBefore = cpuMillis(reader);
                long watchdogBefore = cpuMillis(watchdog);
                long start = System.nanoTime();
                LockSupport.parkNanos(IDLE.toNanos());
                double seconds = (System.nanoTime() - start) / 1e9;
                long readerIdle = cpuMillis(reader) - readerBefore;
                long watchdogIdle = cpuMillis(watchdog) - watchdogBefore;
                System.out.printf("idle %.1f s: reader %d ms CPU (%.3f %% of a core), watchdog %d ms CPU (%.3f %%)%n",
                        seconds, readerIdle, readerIdle / seconds / 10, watchdogIdle, watchdogIdle / seconds / 10);
                assertTrue(readerIdle <= 20, "the idle reader used " + readerIdle + " ms CPU in " + seconds + " s");
                assertTrue(watchdogIdle <= 200, "the watchdog used " + watchdogIdle + " ms CPU in " + seconds + " s");

                long readerBeforeHangUp = cpuMillis(reader);
                long hungUp = System.nanoTime();
                pty.kill();
                // A dead thread's CPU time cannot be read: sample it every 10 ms while it lives.
                long lastSample = readerBeforeHangUp;
                while (reader.isAlive() && System.nanoTime() - hungUp < 5_000_000_000L) {
                    lastSample = Math.max(lastSample, cpuMillis(reader));
                    LockSupport.parkNanos(10_000_000L);
                }
                long ended = (System.nanoTime() - hungUp) / 1_000_000;
                System.out.printf("hang-up: reader ended %d ms after the pty closed, having spun for at least %d ms"
                        + " of CPU in jssc's native read%n", ended, lastSample - readerBeforeHangUp);
                assertTrue(!reader.isAlive() && ended < 2000, "the hung-up reader ran " + ended + " ms");
            } finally {
                gateway.close();
            }
        }
    }
}
