package org.smartbox.diag;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Checks of the Raspberry Pi itself: clock, temperature and throttling, the service's uptime. */
public final class HostChecks {

    static final double TEMP_WARN = 75.0;
    static final double TEMP_FAIL = 85.0;

    private HostChecks() {
    }

    /**
     * The wall clock against the box's time floor, the newest time it recorded (SPEC §12): behind it,
     * the box decides by the floor and this check fails until the clock catches up. Otherwise, is it
     * synchronized (where it comes from is the "time source" check).
     */
    public static CheckResult clock(SystemFacts system, Optional<Instant> floor, Instant now) {
        if (floor.isPresent() && now.isBefore(floor.get().minus(FLOOR_TOLERANCE))) {
            return CheckResult.fail("clock", now + " is behind the newest time the box recorded (" + floor.get()
                    + ") by " + Duration.between(now, floor.get()).toSeconds() + " s",
                    "the box decides by that time until the clock catches up: set the clock (NTP, or an RTC;"
                            + " see the time source check)");
        }
        return clock(system);
    }

    /** Steps back smaller than this (an NTP correction) are not a clock behind. */
    static final Duration FLOOR_TOLERANCE = Duration.ofSeconds(2);

    /** Wall time drives access windows and the audit log: it must be synchronized. */
    public static CheckResult clock(SystemFacts system) {
        Optional<String> ntp = system.run(List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value"));
        if (ntp.isPresent()) {
            return ntp.get().equals("yes") ? CheckResult.ok("clock", "NTP synchronized")
                    : CheckResult.warn("clock", "not synchronized",
                    "access windows and audit times may be off: check network and systemd-timesyncd");
        }
        if (system.readFile(Path.of("/run/systemd/timesync/synchronized")).isPresent()) {
            return CheckResult.ok("clock", "synchronized (timesyncd)");
        }
        return CheckResult.warn("clock", "cannot tell", "install systemd-timesyncd or chrony");
    }

    /** CPU temperature and the firmware's throttling flags, where the Pi exposes them. */
    public static CheckResult cpu(SystemFacts system) {
        Optional<Double> celsius = system.readFile(Path.of("/sys/class/thermal/thermal_zone0/temp"))
                .flatMap(HostChecks::milliCelsius);
        Optional<Long> throttled = system.run(List.of("vcgencmd", "get_throttled"))
                .flatMap(HostChecks::throttleBits);
        if (celsius.isEmpty() && throttled.isEmpty()) {
            return CheckResult.ok("cpu", "no temperature sensor (not a Pi?)");
        }
        String value = celsius.map(c -> String.format("%.1f C", c)).orElse("temperature n/a")
                + throttled.map(t -> String.format(", throttled=0x%x", t)).orElse("");
        if (celsius.isPresent() && celsius.get() >= TEMP_FAIL) {
            return CheckResult.fail("cpu", value, "overheating: check ventilation of the box");
        }
        if (throttled.isPresent() && (throttled.get() & 0x5) != 0) {
            return CheckResult.warn("cpu", value, "under-voltage or throttling now: check the power supply");
        }
        if (celsius.isPresent() && celsius.get() >= TEMP_WARN) {
            return CheckResult.warn("cpu", value, "running hot: check ventilation");
        }
        if (throttled.isPresent() && (throttled.get() & 0x50000) != 0) {
            return CheckResult.warn("cpu", value, "under-voltage or throttling since boot: check the power supply");
        }
        return CheckResult.ok("cpu", value);
    }

    /** Whether the kiosk service runs, and since when. */
    public static CheckResult service(SystemFacts system) {
        Optional<String> show = system.run(List.of("systemctl", "show", "smartbox", "--property=ActiveState",
                "--property=ActiveEnterTimestamp"));
        if (show.isEmpty()) {
            return CheckResult.warn("service", "systemd not reachable", "run on the box itself");
        }
        String state = property(show.get(), "ActiveState");
        String since = property(show.get(), "ActiveEnterTimestamp");
        if (!state.equals("active")) {
            return CheckResult.warn("service", "smartbox is " + (state.isEmpty() ? "unknown" : state),
                    "systemctl start smartbox; journalctl -u smartbox says why it stopped");
        }
        return CheckResult.ok("service", "active since " + since);
    }

    private static String property(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }

    private static Optional<Double> milliCelsius(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()) / 1000.0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> throttleBits(String text) {
        int eq = text.indexOf("0x");
        if (eq < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.substring(eq + 2).strip(), 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
