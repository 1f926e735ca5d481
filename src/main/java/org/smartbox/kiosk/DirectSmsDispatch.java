package org.smartbox.kiosk;

import java.util.function.Consumer;
import org.smartbox.pickup.Event;

/** Sends in the caller's thread: for the simulator, where output order must be fixed. */
public final class DirectSmsDispatch implements SmsDispatch {

    private final GatewayChain chain;

    public DirectSmsDispatch(GatewayChain chain) {
        this.chain = chain;
    }

    @Override
    public void dispatch(String userId, String e164, String text, Consumer<Event> outcome) {
        outcome.accept(chain.deliver(userId, e164, text));
    }
}
