package org.smartbox.cache;

import java.time.Instant;

/**
 * Facts about the box shown on the technician's status screen. The shell gathers them (some need
 * I/O, like the modem's signal); the core only formats them.
 */
public record BoxStatus(String softwareVersion, String boxId, long cacheVersion, Instant lastSync,
                        int users, int keys, int accesses, long outboxBacklog, String modemSignal) {
}
