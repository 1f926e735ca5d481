package org.smartbox.fleet;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.audit.AuditType;

/**
 * One kind of message from the broker waiting for its worker thread, in the order it came, bounded
 * in count and bytes. A broker should never have more than the box's Receive Maximum unacknowledged
 * in flight to it, but some send more (Mosquitto 2.0.11 does, once the box acknowledges its first
 * message). What does not fit is held back: not queued and not acknowledged, and so is everything
 * after it on the same connection, so that the order holds. Once the queue is empty the connection
 * is renewed and the broker sends the held-back messages again. QoS 0 messages (no window bounds
 * them, no broker keeps them) that do not fit are dropped and counted, for the audit.
 */
final class DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    /** How much one queue holds at most; a broker that sends past the window meets this bound. */
    static final int QUEUE_MESSAGES = 256;
    static final long QUEUE_BYTES = 8L * 1024 * 1024;

    /** One message as it came, with the connection it came on (its acknowledgement goes back there). */
    record Delivery(LinkSession session, int messageId, int qos, byte[] payload) {
        void acknowledge() {
            session.acknowledge(messageId, qos);
        }
    }

    private final String name;
    private final AuditType refusal;
    private final Consumer<Delivery> handler;
    private final Consumer<LinkSession> renew;
    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker;
    private volatile LinkSession heldBackOn;
    private volatile boolean busy;
    private volatile boolean closing;

    /**
     * A queue whose worker, named {@code name}, hands each message to {@code handler}; {@code renew}
     * is asked for a fresh connection once the queue is empty after holding messages back on one.
     * Dropped messages count as refusals of the kind {@code refusal}.
     */
    DeliveryQueue(String name, AuditType refusal, Consumer<Delivery> handler, Consumer<LinkSession> renew) {
        this.name = name;
        this.refusal = refusal;
        this.handler = handler;
        this.renew = renew;
        this.worker = new Thread(this::work, name);
        worker.setDaemon(true);
    }

    void start() {
        worker.start();
    }

    /** Paho's thread: hand the message over, never block. */
    void arrived(Delivery d) {
        if (closing) {
            return;
        }
        boolean full = queue.size() >= QUEUE_MESSAGES || bytes.get() + d.payload().length > QUEUE_BYTES;
        if (d.qos() == 0) {
            if (full) {
                if (dropped.getAndIncrement() == 0) {
                    LOG.warn("{}: QoS 0 messages dropped, {} waiting; counted in the audit", name, queue.size());
                }
                return;
            }
        } else if (full || heldBackOn == d.session()) {
            if (heldBackOn != d.session()) {
                heldBackOn = d.session();
                LOG.info("{}: the broker sent more than the box takes at a time ({} waiting); the rest waits at"
                        + " the broker and comes again on a fresh connection", name, queue.size());
            }
            return;
        }
        bytes.addAndGet(d.payload().length);
        queue.add(d);
    }

    private void work() {
        while (!closing) {
            Delivery d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            bytes.addAndGet(-d.payload().length);
            if (d.qos() > 0 && !d.session().alive()) {
                // Not acknowledged: the broker sends it again on the next connection.
                continue;
            }
            busy = true;
            try {
                handler.accept(d);
            } catch (RuntimeException e) {
                LOG.error("{}: handling a message failed", name, e);
            } finally {
                busy = false;
            }
            LinkSession held = heldBackOn;
            if (held != null && queue.isEmpty()) {
                heldBackOn = null;
                renew.accept(held);
            }
        }
    }

    /** The connection {@code session} died: what it delivered and nobody started is left to the broker. */
    void sessionEnded(LinkSession session) {
        queue.removeIf(d -> {
            boolean gone = d.session() == session && d.qos() > 0;
            if (gone) {
                bytes.addAndGet(-d.payload().length);
            }
            return gone;
        });
        if (heldBackOn == session) {
            heldBackOn = null;
        }
    }

    /** The refusal kind dropped messages count as. */
    AuditType refusal() {
        return refusal;
    }

    /** QoS 0 messages dropped since the last call. */
    long takeDropped() {
        return dropped.getAndSet(0);
    }

    /** Nothing waiting and nothing being handled. */
    boolean idle() {
        return !busy && queue.isEmpty();
    }

    /** Takes no more messages and stops the worker after the message it is on. */
    void stop() {
        closing = true;
        worker.interrupt();
    }

    void join(long millis) throws InterruptedException {
        worker.join(millis);
    }
}
