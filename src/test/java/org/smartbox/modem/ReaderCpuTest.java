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
 * What the open port costs while nothing happens, measured on the reader thread itself (ThreadMXBean
 * CPU time) over 10 s: it parks 500 ms at a time between FIONREAD checks while the modem is quiet.
 * And what a hang-up costs: the reader sees it at its next check and ends, without entering jssc's
 * native read (which would loop on a hung-up tty). The figures go to the test's output file
 * (target/surefire-reports/org.smartbox.modem.ReaderCpuTest-output.txt).
 */
@Tag("socat")
class ReaderCpuTest {

    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private static long cpuMillis(Thread t) {
        long nanos = THREADS.getThreadCpuTime(t.getId());
        return nanos < 0 ? 0 : nanos / 1_000_000;
    }

    @Test
    void idleReaderCostsAlmostNothingAndAHangUpEndsItAtOnce() throws Exception {
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
                assertTrue(reader.isAlive());
                // Let the reader slow down to its idle pace first.
                LockSupport.parkNanos(1_000_000_000L);

                long readerBefore = THREADS.getThreadCpuTime(reader.getId());
                long start = System.nanoTime();
                LockSupport.parkNanos(IDLE.toNanos());
                double seconds = (System.nanoTime() - start) / 1e9;
                double readerIdle = (THREADS.getThreadCpuTime(reader.getId()) - readerBefore) / 1e6;
                System.out.printf("idle %.1f s: reader %.1f ms CPU (%.4f %% of a core)%n", seconds, readerIdle,
                        readerIdle / seconds / 10);
                assertTrue(readerIdle <= 50, "the idle reader used " + readerIdle + " ms CPU in " + seconds + " s");

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
                System.out.printf("hang-up: reader ended %d ms after the pty closed, using %d ms of CPU meanwhile%n",
                        ended, lastSample - readerBeforeHangUp);
                assertTrue(!reader.isAlive() && ended < 2000, "the hung-up reader ran " + ended + " ms");
                assertTrue(lastSample - readerBeforeHangUp < 100, "the hung-up reader spun");
            } finally {
                gateway.close();
            }
        }
    }
}
