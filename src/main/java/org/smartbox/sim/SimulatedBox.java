package org.smartbox.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.smartbox.audit.AuditType;
import org.smartbox.config.BoxConfig;
import org.smartbox.kiosk.Kiosk;
import org.smartbox.kiosk.KioskLoop;
import org.smartbox.kiosk.SyncService;
import org.smartbox.pickup.Event;
import org.smartbox.store.AuditRecord;

/**
 * A running simulated box: the real kiosk on simulated parts, with the physical acts and the clock
 * under the caller's control. Every method returns once everything it caused has happened.
 *
 * <p>One thread drives the box (it owns the kiosk and its database). Other threads, such as the
 * fleet link, {@link #later post} work; the driving thread runs it between two commands
 * ({@link #runPosted}), so its lines never mix with a command's lines.
 */
public final class SimulatedBox implements AutoCloseable {

    private final Kiosk kiosk;
    private final BoxConfig config;
    private final VirtualClock clock;
    private final SimKeySensors sensors;
    private final SimSmsGateway sms;
    private final SimDisplay display;
    private final KioskLoop loop;
    private final ProtocolOut out;
    private final BlockingQueue<Runnable> posted = new LinkedBlockingQueue<>();
    /** Audit entries of the command being run, to tell a driver why a grant went nowhere. */
    private final List<AuditRecord> recent = new CopyOnWriteArrayList<>();

    SimulatedBox(Kiosk kiosk, BoxConfig config, VirtualClock clock, SimKeySensors sensors, SimSmsGateway sms,
                 SimDisplay display, ProtocolOut out) {
        this.kiosk = kiosk;
        this.config = config;
        this.out = out;
        this.clock = clock;
        this.sensors = sensors;
        this.sms = sms;
        this.display = display;
        this.loop = kiosk.loop();
        kiosk.data().audit().onAppend(recent::add);
    }

    public String readyLine() {
        return "READY box=" + config.boxId() + " slots=" + config.slots() + " version="
                + kiosk.data().store().state().cacheVersion();
    }

    /** Shows the first frame: the box is now serving. */
    public void begin() {
        kiosk.showFirstFrame();
        loop.drain();
    }

    public int slots() {
        return config.slots();
    }

    /** Presses each key in turn, each handled to the end before the next. */
    public void press(String keys) {
        for (char key : keys.toCharArray()) {
            loop.submit(new Event.KeyPressed(key));
            loop.drain();
        }
    }

    /** Moves the clock forward, firing every deadline and timer that falls due, in order. */
    public void advance(long millis) {
        loop.advance(clock, millis);
    }

    /** The key is pulled out of {@code slot}; false when the slot was already empty. */
    public boolean take(int slot) {
        return physical(slot, false);
    }

    /** A key is pushed into {@code slot}; false when the slot already held one. */
    public boolean put(int slot) {
        return physical(slot, true);
    }

    private boolean physical(int slot, boolean present) {
        boolean changed = sensors.set(slot, present);
        loop.drain();
        return changed;
    }

    public void smsFailing(boolean failing) {
        sms.failing(failing);
    }

    /** True after {@code sms fail}, until {@code sms ok}. */
    public boolean smsFailing() {
        return sms.failing();
    }

    public SyncService.Outcome apply(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            SyncService.Outcome outcome = kiosk.data().sync().apply(in);
            loop.drain();
            return outcome;
        }
    }

    /**
     * Delivers a grant document as the cloud would. Returns why it was refused (a signature, window
     * or replay, or the kiosk's own refusal), or empty when the kiosk offers it on the display (the
     * slot opens when {@code #} is pressed on the offer).
     */
    public Optional<String> grant(Path file) throws IOException {
        byte[] json = Files.readAllBytes(file);
        recent.clear();
        AtomicReference<Optional<String>> refused = new AtomicReference<>(Optional.empty());
        onLoop(() -> refused.set(kiosk.grants().deliver(json)));
        if (refused.get().isPresent()) {
            return refused.get();
        }
        return recent.stream().filter(r -> r.event().type() == AuditType.GRANT_REJECTED)
                .map(r -> r.event().field("reason")).findFirst();
    }

    /** Runs {@code task} on the loop (here: this thread) and everything it causes. */
    public void onLoop(Runnable task) {
        loop.execute(task);
        loop.drain();
    }

    /**
     * From any thread: runs {@code work} on the driving thread between commands, then everything it
     * caused; the future completes once its lines are printed and flushed.
     */
    public <T> CompletableFuture<T> later(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        post(() -> {
            try {
                T result = work.get();
                loop.drain();
                out.flush();
                done.complete(result);
            } catch (RuntimeException e) {
                out.flush();
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** From any thread: a task for the driving thread (a script line, work from the fleet link). */
    public void post(Runnable task) {
        posted.add(task);
    }

    /** On the driving thread: runs the next posted task, waiting up to {@code millis}; false if none came. */
    public boolean runPosted(long millis) throws InterruptedException {
        Runnable task = posted.poll(millis, TimeUnit.MILLISECONDS);
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }

    /** On the driving thread: runs every task posted so far, without waiting. */
    public void runPosted() {
        Runnable task;
        while ((task = posted.poll()) != null) {
            task.run();
        }
    }

    public Kiosk kiosk() {
        return kiosk;
    }

    public BoxConfig config() {
        return config;
    }

    public VirtualClock clock() {
        return clock;
    }

    public SimKeySensors sensors() {
        return sensors;
    }

    public SimDisplay display() {
        return display;
    }

    /** Holds every latch, audits the stop and closes the database. */
    @Override
    public void close() {
        kiosk.close();
    }
}
