package org.smartbox.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What diag says about the RTC, the NTP client and synchronisation. */
class TimeSourceCheckTest {

    private final FakeSystem system = new FakeSystem();

    @Test
    void aDs3231AndASynchronisedChronyIsOk() {
        system.files.put("/sys/class/rtc/rtc0/name", "rtc-ds1307 1-0068");
        system.files.put("/sys/class/rtc/rtc0/hctosys", "1");
        system.commands.put("chronyc -n tracking", "Reference ID    : C0A80001 (192.168.0.1)\nStratum         : 3\n"
                + "Leap status     : Normal");
        CheckResult result = TimeSourceCheck.run(system);
        assertEquals(CheckResult.Status.OK, result.status());
        assertEquals("RTC rtc0 (rtc-ds1307 1-0068, set the clock at boot); chrony (192.168.0.1); synchronised",
                result.value());
    }

    @Test
    void anRtcWithoutNtpWarnsThatTheBoxRunsOnIt() {
        system.files.put("/sys/class/rtc/rtc0/name", "rpi-rtc");
        system.commands.put("chronyc -n tracking", "Reference ID    : 00000000 ()\nLeap status     : Not synchronised");
        CheckResult result = TimeSourceCheck.run(system);
        assertEquals(CheckResult.Status.WARN, result.status());
        assertEquals("RTC rtc0 (rpi-rtc); chrony (); not synchronised", result.value());
    }

    @Test
    void timesyncdIsReportedWithItsServer() {
        system.commands.put("timedatectl show -p NTPSynchronized --value", "yes");
        system.commands.put("timedatectl show-timesync -p ServerName --value", "2.debian.pool.ntp.org");
        CheckResult result = TimeSourceCheck.run(system);
        assertEquals(CheckResult.Status.OK, result.status());
        assertEquals("no RTC; systemd-timesyncd (2.debian.pool.ntp.org); synchronised", result.value());
    }

    @Test
    void noRtcAndNoNtpWarnsAboutPowerCuts() {
        CheckResult result = TimeSourceCheck.run(system);
        assertEquals(CheckResult.Status.WARN, result.status());
        assertEquals("no RTC; no NTP client found; synchronisation unknown", result.value());
    }
}
