package org.smartbox.pickup;

import java.util.List;
import org.smartbox.cache.HealthCheck;

/**
 * Everything that can happen to the kiosk. Drivers (keypad, sensors, timers, SMS dispatch, grants,
 * store health) only turn what they see into one of these; the machine decides what it means.
 */
public sealed interface Event {

    <R> R accept(Handler<R> handler);

    /** One event handler per kind, so adding a kind fails to compile until every handler knows it. */
    interface Handler<R> {
        R keyPressed(KeyPressed event);

        R tick(Tick event);

        R sensorChanged(SensorChanged event);

        R codeDelivered(CodeDelivered event);

        R codeNotDelivered(CodeNotDelivered event);

        R appUnlock(AppUnlock event);

        R fault(Fault event);

        R faultCleared(FaultCleared event);

        R enclosureChanged(EnclosureChanged event);

        R checksDone(ChecksDone event);
    }

    /** A keypad key: {@code 0-9 * # A B C D}. */
    record KeyPressed(char key) implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.keyPressed(this);
        }
    }

    /** Time passed; deadlines at or before the event's moment fall due. */
    record Tick() implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.tick(this);
        }
    }

    /** A key sensor settled on a new reading. */
    record SensorChanged(int slot, boolean present) implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.sensorChanged(this);
        }
    }

    /** The SMS gateway accepted the code message for this user. */
    record CodeDelivered(String userId) implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.codeDelivered(this);
        }
    }

    /** No gateway could send the code message; {@code reason} is safe to show and audit. */
    record CodeNotDelivered(String userId, String reason) implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.codeNotDelivered(this);
        }
    }

    /**
     * A signed app unlock grant whose signature, box id, window and freshness were verified; it is
     * offered on the display until {@code expiresAt} at the latest (sync-format.md).
     */
    record AppUnlock(String grantId, String userId, String keyId, java.time.Instant expiresAt) implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.appUnlock(this);
        }
    }

    /** The box cannot serve (database or disk trouble): hold every latch and say so. */
    record Fault(String reason) implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.fault(this);
        }
    }

    /** The trouble behind a {@link Fault} is gone. */
    record FaultCleared() implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.faultCleared(this);
        }
    }

    /** The diagnostic checks the service menu asked for ({@link Effect.RunChecks}) finished, off the loop. */
    record ChecksDone(List<HealthCheck> checks) implements Event {
        public ChecksDone {
            checks = List.copyOf(checks);
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.checksDone(this);
        }
    }

    /** The enclosure's tamper switch settled: the door or back plate was opened, or closed again. */
    record EnclosureChanged(boolean open) implements Event {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.enclosureChanged(this);
        }
    }
}
