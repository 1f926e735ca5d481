package org.smartbox.fleet;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.smartbox.kiosk.Inbox;
import org.smartbox.store.StoreException;

/**
 * How the link reaches the kiosk: work that touches the store runs on the thread that owns it. On
 * the box that is the kiosk loop; the simulator runs it between two script commands.
 */
public interface KioskAccess {

    /** Runs {@code work} on the kiosk's thread; the future completes once it, and what it caused, ran. */
    <T> CompletableFuture<T> call(Supplier<T> work);

    /** The box: work goes into the kiosk loop's inbox, among its events. */
    static KioskAccess of(Inbox loop) {
        return new KioskAccess() {
            @Override
            public <T> CompletableFuture<T> call(Supplier<T> work) {
                CompletableFuture<T> done = new CompletableFuture<>();
                loop.execute(() -> {
                    try {
                        done.complete(work.get());
                    } catch (StoreException e) {
                        done.completeExceptionally(e);
                        // The loop's own handling: out of service until the store works again.
                        throw e;
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
                return done;
            }
        };
    }
}
