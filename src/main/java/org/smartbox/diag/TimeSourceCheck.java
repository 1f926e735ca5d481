package org.smartbox.diag;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the box's wall clock comes from: the real-time clock (a DS3231 on the I2C bus through the
 * kernel's {@code i2c-rtc} overlay, or a Pi 5's own), the NTP client (chrony or
 * systemd-timesyncd) and whether it is synchronised now. A Pi 4 has no RTC: after a power cut
 * without network it starts with a wrong date, which access windows and audit times then use.
 */
public final class TimeSourceCheck {

    static final Path RTC = Path.of("/sys/class/rtc/rtc0");

    private TimeSourceCheck() {
    }

    public static CheckResult run(SystemFacts system) {
        Optional<String> rtcName = system.readFile(RTC.resolve("name"));
        boolean setAtBoot = system.readFile(RTC.resolve("hctosys")).map("1"::equals).orElse(false);
        String rtc = rtcName.map(name -> "RTC rtc0 (" + name + (setAtBoot ? ", set the clock at boot" : "") + ")")
                .orElse("no RTC");
        Optional<String> tracking = system.run(List.of("chronyc", "-n", "tracking"));
        String source;
        Optional<Boolean> synced;
        if (tracking.isPresent()) {
            String reference = field(tracking.get(), "Reference ID");
            String leap = field(tracking.get(), "Leap status");
            int open = reference.indexOf('(');
            source = "chrony" + (open >= 0 ? " " + reference.substring(open) : "");
            synced = Optional.of(!leap.isEmpty() && !leap.equalsIgnoreCase("Not synchronised"));
        } else {
            Optional<String> ntp = system.run(List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value"));
            Optional<String> server = system.run(List.of("timedatectl", "show-timesync", "-p", "ServerName",
                    "--value"));
            source = ntp.isPresent() ? "systemd-timesyncd" + server.filter(s -> !s.isBlank()).map(s -> " (" + s + ")")
                    .orElse("") : "no NTP client found";
            synced = ntp.map("yes"::equals);
        }
        String value = rtc + "; " + source + "; " + synced.map(s -> s ? "synchronised" : "not synchronised")
                .orElse("synchronisation unknown");
        if (synced.orElse(false)) {
            return CheckResult.ok("time source", value);
        }
        if (rtcName.isPresent()) {
            return CheckResult.warn("time source", value, "running on the RTC until NTP answers: check the network"
                    + " and the NTP servers");
        }
        return CheckResult.warn("time source", value, "no RTC and no NTP: after a power cut the clock starts wrong;"
                + " fit a DS3231 (README: Real-time clock) and check the network");
    }

    private static String field(String text, String name) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }
}
