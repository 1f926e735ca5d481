package org.smartbox.kiosk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.smartbox.pickup.Event;

/** Sends on one worker thread, in order; the outcome comes back to the loop as an event. */
public final class ThreadedSmsDispatch implements SmsDispatch {

    private final GatewayChain chain;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sms-dispatch");
        t.setDaemon(true);
        return t;
    });

    public ThreadedSmsDispatch(GatewayChain chain) {
        this.chain = chain;
    }

    @Override
    public void dispatch(String userId, String e164, String text, Consumer<Event> outcome) {
        worker.execute(() -> outcome.accept(chain.deliver(userId, e164, text)));
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
