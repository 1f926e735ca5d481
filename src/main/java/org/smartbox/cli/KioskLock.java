package org.smartbox.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.smartbox.store.ServiceLock;
import org.smartbox.store.StoreException;

/** The service lock as the commands take it, naming the command and this process (SPEC §13). */
final class KioskLock {

    private KioskLock() {
    }

    /** "smartbox simulate (pid 4711, since 2026-12-02T10:00:00Z)": how a refused process learns who is there. */
    static String holder(String command) {
        ProcessHandle self = ProcessHandle.current();
        String since = self.info().startInstant().map(Instant::toString).orElse("?");
        return "smartbox " + command + " (pid " + self.pid() + ", since " + since + ")";
    }

    /** The kiosk's claim on the box; refused, naming the holder, while another process has it. */
    static ServiceLock claim(Path db, String command) {
        Optional<ServiceLock> lock;
        try {
            lock = ServiceLock.tryAcquire(db, holder(command));
        } catch (IOException e) {
            throw new StoreException(ServiceLock.fileFor(db) + ": cannot take the service lock: " + e.getMessage(), e);
        }
        return lock.orElseThrow(() -> new StoreException(ServiceLock.refusal(db)));
    }

    /** For tools beside the kiosk that drive the parts: the lock, or empty while the kiosk has it. */
    static Optional<ServiceLock> tryClaim(Path db, String command) throws IOException {
        return ServiceLock.tryAcquire(db, holder(command));
    }
}
