package org.smartbox.kiosk;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.BoxEvents;
import org.smartbox.store.StoreException;

/**
 * What the box does about its power supply, as a UPS or battery HAT reports it: mains lost and
 * restored are audited and the box goes on serving on battery; a low battery holds every latch,
 * records {@code BATTERY_LOW} and {@code STOPPED}, asks the system for a clean power-off (by default
 * {@code systemctl poweroff}, which systemd answers by stopping the service with SIGTERM) and ends
 * the kiosk loop. Called from any thread; the work runs on the loop.
 */
public final class PowerSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(PowerSupervisor.class);
    private static final long COMMAND_SECONDS = 30;

    private final Kiosk kiosk;
    private final List<String> shutdownCommand;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    public PowerSupervisor(Kiosk kiosk, List<String> shutdownCommand) {
        this.kiosk = kiosk;
        this.shutdownCommand = List.copyOf(shutdownCommand);
    }

    /** The mains-lost line settled: {@code lost} true when the box now runs on battery. */
    public void mains(boolean lost) {
        kiosk.loop().execute(() -> {
            LOG.warn(lost ? "mains power lost: serving on battery" : "mains power restored");
            kiosk.record(BoxEvents.power(lost));
        });
    }

    /** The battery-low line went active: stop with every latch held and ask for a power-off. Once. */
    public void batteryLow() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        kiosk.loop().execute(() -> {
            LOG.error("battery low: holding every latch, stopping, asking for a power-off");
            try {
                kiosk.record(BoxEvents.batteryLow());
            } catch (StoreException e) {
                LOG.error("could not audit the low battery: {}", e.getMessage());
            }
            // Holds every latch and writes STOPPED before anything may cut the power.
            kiosk.stop();
            requestPowerOff();
            kiosk.loop().stop();
        });
    }

    private void requestPowerOff() {
        try {
            Process process = new ProcessBuilder(shutdownCommand).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.error("power-off request ({}) did not return in {} s", String.join(" ", shutdownCommand),
                        COMMAND_SECONDS);
            } else if (process.exitValue() != 0) {
                LOG.error("power-off request ({}) failed with status {}: the box stays stopped, every latch held",
                        String.join(" ", shutdownCommand), process.exitValue());
            } else {
                LOG.info("power-off requested ({})", String.join(" ", shutdownCommand));
            }
        } catch (IOException e) {
            LOG.error("cannot run the power-off request ({}): {}; the box stays stopped, every latch held",
                    String.join(" ", shutdownCommand), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
