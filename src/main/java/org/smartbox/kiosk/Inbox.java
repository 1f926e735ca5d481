package org.smartbox.kiosk;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.smartbox.pickup.Event;

/**
 * The kiosk loop's inbox, made before anything else so that every driver (keypad, sensors, SMS
 * outcomes, checks, grants, the fleet link) can be handed it: they put events and tasks in, and
 * only the {@link KioskLoop} takes them out. Safe from any thread.
 */
public final class Inbox {

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

    /** What the inbox holds: an event for the machine, or work that must run on the loop's thread. */
    sealed interface Item {
        /** Each kind says how the loop handles it, so a new kind cannot be silently dropped. */
        void handleOn(KioskLoop loop);

        record ForMachine(Event event) implements Item {
            @Override
            public void handleOn(KioskLoop loop) {
                loop.process(event);
            }
        }

        record Task(Runnable work) implements Item {
            @Override
            public void handleOn(KioskLoop loop) {
                loop.runTask(work);
            }
        }
    }

    /** From any thread: an event for the machine. */
    public void submit(Event event) {
        items.add(new Item.ForMachine(event));
    }

    /** From any thread: work that must run on the loop's thread (it touches the store). */
    public void execute(Runnable task) {
        items.add(new Item.Task(task));
    }

    Item poll() {
        return items.poll();
    }

    Item poll(long millis) throws InterruptedException {
        return items.poll(millis, TimeUnit.MILLISECONDS);
    }
}
