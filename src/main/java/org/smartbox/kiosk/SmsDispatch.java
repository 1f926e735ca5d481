package org.smartbox.kiosk;

import java.util.function.Consumer;
import org.smartbox.pickup.Event;

/**
 * Hands a code message to the SMS gateways and reports the outcome as an event. On the box it runs
 * on a worker thread, so a slow modem never stalls the keypad; the simulator runs it in place, so
 * its output stays in a fixed order.
 */
public interface SmsDispatch extends AutoCloseable {

    void dispatch(String userId, String e164, String text, Consumer<Event> outcome);

    @Override
    default void close() {
    }
}
