package org.smartbox.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.auth.BoxKeys;
import org.smartbox.config.MqttConfig;
import org.smartbox.kiosk.KioskClock;
import org.smartbox.kiosk.TimeFloor;
import org.smartbox.store.AuditLog;
import org.smartbox.store.AuditRecord;
import org.smartbox.store.BoxStore;
import org.smartbox.store.Database;
import org.smartbox.store.StoreException;

/**
 * Drains the audit outbox to {@code smartbox/{box}/events}, oldest first, at least once: each batch
 * is published at QoS 1, as fast as the broker's window allows, and only the unbroken run of entries
 * the broker acknowledged, from the oldest on, leaves the outbox. After a lost connection the rest is
 * sent again, so a consumer may see an entry twice (same {@code seq}) but never misses one nor sees a
 * later one first. Each event names its stream (this database's audit log), so a consumer can tell a
 * sequence that started over (a replaced database) from a gap.
 *
 * <p>Runs on its own thread with its own database connection (WAL lets it read while the kiosk
 * writes), so the kiosk loop never waits for it. It wakes when the kiosk appends an entry, when
 * the link comes up, and every few seconds (entries written by another process, such as
 * {@code smartbox import} beside the service). It also publishes the retained status, since it
 * holds the connection that reads the cache version and backlog.
 */
final class EventUplink {

    private static final Logger LOG = LoggerFactory.getLogger(EventUplink.class);
    private static final long POLL_MILLIS = 5000;
    /** How long a batch may wait for the broker's acknowledgements before the connection is reset. */
    private static final long ACK_TIMEOUT_MILLIS = 60_000;
    private static final long STORE_RETRY_MILLIS = 5000;

    private final FleetLink link;
    private final Path dbFile;
    private final BoxKeys keys;
    private final KioskClock clock;
    private final String software;
    private final int batchSize;
    private final long statusIntervalMillis;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean work;
    private boolean announce;
    private boolean statusWanted;
    private volatile long stopAt;
    private volatile String stopReason;
    private volatile boolean saidOffline;
    private String stream;
    /** The newest event the last published status named (the uplink's thread only). */
    private long statusSeq = -2;

    EventUplink(FleetLink link, Path dbFile, BoxKeys keys, KioskClock clock, String software, MqttConfig config) {
        this.link = link;
        this.dbFile = dbFile;
        this.keys = keys;
        this.clock = clock;
        this.software = software;
        this.batchSize = config.eventBatch();
        this.statusIntervalMillis = config.statusInterval().toMillis();
        this.thread = new Thread(this::run, "fleet-uplink");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Something may be waiting in the outbox (any thread; never blocks). */
    void wake() {
        synchronized (signal) {
            work = true;
            signal.notifyAll();
        }
    }

    /** The link is up: announce "online" with the current status, then drain. */
    void linkUp() {
        synchronized (signal) {
            announce = true;
            work = true;
            signal.notifyAll();
        }
    }

    void requestStatus() {
        synchronized (signal) {
            statusWanted = true;
            work = true;
            signal.notifyAll();
        }
    }

    /**
     * Sends what it can within {@code grace}, says "offline" (with {@code reason} when there is one),
     * closes its connection. True when the broker acknowledged the "offline" status.
     */
    boolean close(Duration grace, String reason) {
        stopReason = reason;
        synchronized (signal) {
            stopAt = System.nanoTime() + grace.toNanos();
            work = true;
            signal.notifyAll();
        }
        try {
            thread.join(grace.toMillis() + 3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the event uplink did not stop in time");
            thread.interrupt();
        }
        return saidOffline;
    }

    private void run() {
        Database db = null;
        try {
            while (db == null) {
                try {
                    db = Database.open(dbFile);
                } catch (StoreException e) {
                    LOG.error("event uplink cannot open the database: {}", e.getMessage());
                    if (!pause(STORE_RETRY_MILLIS)) {
                        return;
                    }
                }
            }
            BoxStore store = new BoxStore(db, keys);
            stream = store.state().eventStream();
            loop(new AuditLog(db, keys.auditChain()), store);
        } catch (RuntimeException e) {
            LOG.error("event uplink failed", e);
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    private void loop(AuditLog audit, BoxStore store) {
        long lastBacklog = -1;
        long lastStatus = 0;
        while (true) {
            boolean stopping;
            boolean sayOnline;
            boolean wanted;
            synchronized (signal) {
                stopping = stopAt != 0;
                sayOnline = announce;
                wanted = statusWanted;
                announce = false;
                statusWanted = false;
                work = false;
            }
            try {
                if (link.connected()) {
                    if (sayOnline) {
                        lastBacklog = publishStatus(audit, store, "online", null);
                        lastStatus = System.nanoTime();
                    }
                    drain(audit);
                    long backlog = audit.outboxBacklog();
                    boolean due = System.nanoTime() - lastStatus >= statusIntervalMillis * 1_000_000;
                    // The status names the newest event: refreshed when it changed, at most once an interval.
                    boolean newer = due && audit.newestSeq() != statusSeq;
                    if (wanted || newer || (backlog != lastBacklog && (backlog == 0 || due))) {
                        lastBacklog = publishStatus(audit, store, "online", null);
                        lastStatus = System.nanoTime();
                    }
                }
                if (stopping) {
                    if (link.connected()) {
                        saidOffline = publishStatus(audit, store, "offline", stopReason) >= 0;
                    }
                    return;
                }
            } catch (RuntimeException e) {
                // Whatever failed, the outbox keeps every event: try again rather than never upload again.
                if (e instanceof StoreException) {
                    LOG.error("event uplink: {}", e.getMessage());
                } else {
                    LOG.error("event uplink: sending failed; trying again in {} s", STORE_RETRY_MILLIS / 1000, e);
                }
                if (!pause(STORE_RETRY_MILLIS)) {
                    return;
                }
                continue;
            }
            awaitWork();
        }
    }

    private void awaitWork() {
        synchronized (signal) {
            if (!work && stopAt == 0) {
                try {
                    signal.wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopAt = System.nanoTime();
                }
            }
        }
    }

    private boolean pause(long millis) {
        synchronized (signal) {
            if (stopAt != 0) {
                return false;
            }
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return stopAt == 0;
        }
    }

    /** Sends batches until the outbox is empty, the link drops, or the time to stop has come. */
    private void drain(AuditLog audit) {
        long started = System.nanoTime();
        long sent = 0;
        while (link.connected()) {
            long stop = stopAt;
            if (stop != 0 && System.nanoTime() - stop > 0) {
                return;
            }
            List<AuditRecord> batch = audit.outboxBatch(batchSize);
            if (batch.isEmpty()) {
                if (sent > batchSize) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    LOG.info("outbox drained: {} events in {} s ({} events/s)", sent,
                            String.format(java.util.Locale.ROOT, "%.2f", seconds), Math.round(sent / seconds));
                }
                return;
            }
            int acknowledged = publish(batch);
            sent += acknowledged;
            if (acknowledged > 0) {
                List<Long> seqs = new ArrayList<>(acknowledged);
                for (int i = 0; i < acknowledged; i++) {
                    seqs.add(batch.get(i).seq());
                }
                audit.acknowledge(seqs);
            }
            if (acknowledged < batch.size()) {
                return;
            }
        }
    }

    /**
     * Publishes a batch in order on one connection, each event as soon as the broker's window has room;
     * returns how many, from the first, the broker acknowledged (fewer when the connection died).
     */
    private int publish(List<AuditRecord> batch) {
        LinkSession session = link.session();
        if (session == null) {
            return 0;
        }
        InFlight flight = new InFlight(batch.size());
        Runnable died = flight::abort;
        session.onDeath(died);
        try {
            String topic = link.topics().events();
            String box = link.topics().box();
            for (int i = 0; i < batch.size(); i++) {
                try {
                    session.publish(topic, Payloads.event(box, stream, batch.get(i)), false, i, flight,
                            ACK_TIMEOUT_MILLIS);
                    flight.issued(i + 1);
                } catch (MqttException e) {
                    LOG.info("publishing events stopped at seq {}: {}", batch.get(i).seq(), FleetLink.describe(e));
                    break;
                }
            }
            int prefix = flight.awaitPrefix(ACK_TIMEOUT_MILLIS);
            if (prefix < 0) {
                link.reset("no acknowledgement for events within " + ACK_TIMEOUT_MILLIS / 1000 + " s");
                return 0;
            }
            return prefix;
        } finally {
            session.removeOnDeath(died);
        }
    }

    /** Publishes the retained status and waits for the broker; returns the backlog, or -1 when it failed. */
    private long publishStatus(AuditLog audit, BoxStore store, String state, String reason) {
        long backlog = audit.outboxBacklog();
        long newest = audit.newestSeq();
        byte[] payload = Payloads.status(new Payloads.Status(link.topics().box(), state, store.state().cacheVersion(),
                store.state().lastSync().orElse(null), backlog, stream, newest, software, clock.now().wall(), reason,
                clock instanceof TimeFloor floor && floor.behind()));
        boolean ok = link.publishAndWait(link.session(), link.topics().status(), payload, true, 5000);
        if (ok) {
            statusSeq = newest;
        }
        return ok ? backlog : -1;
    }

    /** The acknowledgements of one batch, as Paho reports them on its own thread. */
    private static final class InFlight implements MqttActionListener {
        private final boolean[] ok;
        private final boolean[] done;
        private int issued;
        private int finished;
        private boolean aborted;

        InFlight(int size) {
            ok = new boolean[size];
            done = new boolean[size];
        }

        synchronized void issued(int count) {
            issued = count;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            finish(token, true);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            finish(token, false);
        }

        /** The connection died: nothing more will be acknowledged on it. */
        synchronized void abort() {
            aborted = true;
            notifyAll();
        }

        private synchronized void finish(IMqttToken token, boolean success) {
            int[] codes = token.getReasonCodes();
            if (success && codes != null && codes.length > 0 && codes[0] >= LinkSession.FAILURE) {
                success = false;
            }
            int index = (Integer) token.getUserContext();
            if (!done[index]) {
                done[index] = true;
                ok[index] = success;
                finished++;
                notifyAll();
            }
        }

        /** The acknowledged prefix once every issued publish finished; -1 when they did not in time. */
        synchronized int awaitPrefix(long timeoutMillis) {
            long end = System.nanoTime() + timeoutMillis * 1_000_000;
            while (finished < issued) {
                // A failure ends the prefix: no need to wait for the ones behind it.
                int prefix = prefix();
                if (aborted) {
                    return prefix;
                }
                if (prefix < issued && done[prefix]) {
                    return prefix;
                }
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return -1;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return prefix();
                }
            }
            return prefix();
        }

        private int prefix() {
            int n = 0;
            while (n < issued && ok[n]) {
                n++;
            }
            return n;
        }
    }
}
