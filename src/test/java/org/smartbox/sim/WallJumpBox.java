package org.smartbox.sim;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.smartbox.cache.Key;
import org.smartbox.config.BoxConfig;
import org.smartbox.hardware.LatchBank;
import org.smartbox.kiosk.Checks;
import org.smartbox.kiosk.DirectSmsDispatch;
import org.smartbox.kiosk.GatewayChain;
import org.smartbox.kiosk.Inbox;
import org.smartbox.pickup.Event;
import org.smartbox.kiosk.Kiosk;
import org.smartbox.kiosk.KioskClock;
import org.smartbox.pickup.Moment;

/**
 * A simulated box whose wall clock can be moved apart from its monotonic one, as NTP corrects the
 * clock of a real box: assembled like {@link Simulator#start}, except that the kiosk reads a
 * {@link Jumping} clock. Timers, the latch guard and {@code advance} still run on the virtual
 * monotonic time.
 */
public final class WallJumpBox {

    private WallJumpBox() {
    }

    /** Virtual time with a wall clock that can jump. */
    public static final class Jumping implements KioskClock {
        private final VirtualClock base;
        private volatile long offsetMillis;

        Jumping(VirtualClock base) {
            this.base = base;
        }

        @Override
        public Moment now() {
            Moment m = base.now();
            return new Moment(m.wall().plusMillis(offsetMillis), m.mono());
        }

        /** The wall clock is set forward (positive) or back (negative); monotonic time does not move. */
        public void jump(Duration by) {
            offsetMillis += by.toMillis();
        }
    }

    /** A running box and its jumping clock. */
    public record Running(SimulatedBox box, Jumping clock) implements AutoCloseable {
        @Override
        public void close() {
            box.close();
        }
    }

    /** Starts a box on {@code db}, loading {@code demoData} into an empty one, and shows its first frame. */
    public static Running start(BoxConfig config, Path db, Instant wall, byte[] demoData, ProtocolOut out) {
        VirtualClock virtual = new VirtualClock(wall);
        Jumping clock = new Jumping(virtual);
        LatchBank latches = new LatchBank(new SimLatches(out, config.slots()), config.slots(),
                config.latchMaxReleased(), virtual);
        latches.holdAll();
        SimKeySensors sensors = new SimKeySensors(config.slots());
        SimDisplay display = new SimDisplay(out);
        SimSmsGateway sms = new SimSmsGateway(out);
        Kiosk.Parts parts = new Kiosk.Parts(latches, sensors, display, new DirectSmsDispatch(new GatewayChain(List.of(sms))),
                () -> "simulated", Checks.inPlace(at -> List.of()));
        Inbox inbox = new Inbox();
        sensors.onChange((slot, present) -> inbox.submit(new Event.SensorChanged(slot, present)));
        Kiosk kiosk = Kiosk.open(config, db, inbox, parts, clock, new SecureRandom(), "proof");
        kiosk.data().audit().onAppend(record -> out.audit(record.event()));
        if (kiosk.data().store().state().cacheVersion() == 0) {
            kiosk.data().sync().apply(new ByteArrayInputStream(demoData));
        }
        Set<Integer> in = new HashSet<>();
        for (Key key : kiosk.data().store().keys().allKeys()) {
            if (!kiosk.data().store().keys().keyState(key.id()).out()) {
                in.add(key.slot());
            }
        }
        sensors.startWith(in);
        kiosk.recordStart();
        SimulatedBox box = new SimulatedBox(kiosk, config, virtual, sensors, sms, display, out);
        box.begin();
        return new Running(box, clock);
    }
}
