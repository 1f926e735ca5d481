package org.smartbox.fleet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection attempt and, when it succeeds, one connection: its own MQTT client (a client whose
 * connect went nowhere is closed, never reused), the flow control of what the box publishes, and
 * the acknowledgements of what it received. Work that came in on a session is answered on it; once
 * the session is dead, the broker sends again what was not acknowledged, to the next session.
 */
final class LinkSession {

    private static final Logger LOG = LoggerFactory.getLogger(LinkSession.class);
    /** PUBACK reason codes from this value on are failures (MQTT 5, 2.4). */
    static final int FAILURE = 0x80;
    /** PUBACK reason code: the broker took the message but no subscription matched it. */
    static final int NO_MATCHING_SUBSCRIBERS = 0x10;

    private final MqttAsyncClient client;
    private final int number;
    private final List<Runnable> onDeath = new CopyOnWriteArrayList<>();
    private volatile Semaphore window = new Semaphore(Integer.MAX_VALUE / 2);
    private volatile boolean alive = true;

    LinkSession(MqttAsyncClient client, int number) {
        this.client = client;
        this.number = number;
    }

    MqttAsyncClient client() {
        return client;
    }

    /** Which connection of this link it is (1, 2, ...), for the log. */
    int number() {
        return number;
    }

    boolean alive() {
        return alive;
    }

    /**
     * The broker's Receive Maximum from its CONNACK: how many QoS 1 messages it takes unacknowledged.
     * Publishing more at once is refused by the client ("too many publishes in progress"), so every
     * publish waits for room instead.
     */
    void window(int receiveMaximum) {
        window = new Semaphore(Math.max(1, receiveMaximum));
    }

    /** Runs {@code hook} when the session dies (at once when it is dead already). */
    void onDeath(Runnable hook) {
        onDeath.add(hook);
        if (!alive) {
            hook.run();
        }
    }

    void removeOnDeath(Runnable hook) {
        onDeath.remove(hook);
    }

    /**
     * Publishes at QoS 1 once the broker has room, waiting up to {@code waitMillis} for it; the listener
     * hears the broker's acknowledgement or the failure. Throws when there was no room in time or the
     * session is dead.
     */
    IMqttToken publish(String topic, byte[] payload, boolean retained, Object context, MqttActionListener listener,
                       long waitMillis) throws MqttException {
        Semaphore room = window;
        boolean got;
        try {
            got = room.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        }
        if (!got) {
            throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
        }
        if (!alive) {
            room.release();
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        MqttMessage message = new MqttMessage(payload, 1, retained, null);
        try {
            return client.publish(topic, message, context, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    room.release();
                    if (listener != null) {
                        listener.onSuccess(token);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    room.release();
                    if (listener != null) {
                        listener.onFailure(token, cause);
                    }
                }
            });
        } catch (MqttException e) {
            room.release();
            throw e;
        } catch (RuntimeException e) {
            // Paho can fail inside publish while the connection closes under it (a NullPointerException
            // from its token store, seen under load): for the caller that is a connection that died.
            room.release();
            LOG.debug("publish on connection {} failed inside the client: {}", number, e.toString());
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED, e);
        }
    }

    /** Tells the broker a received message is dealt with; nothing to do once the session is gone. */
    void acknowledge(int messageId, int qos) {
        if (qos == 0 || !alive) {
            return;
        }
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("acknowledging message {}: {}", messageId, e.getMessage());
        }
    }

    /** Marks the session dead and tells whoever waits on it. */
    void die() {
        if (!alive) {
            return;
        }
        alive = false;
        // Wake publishers waiting for room: they see the session is dead.
        window.release(Integer.MAX_VALUE / 4);
        for (Runnable hook : onDeath) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("after the connection ended: {}", e.getMessage());
            }
        }
    }

    /**
     * Ends the client whatever state it is in (a connect the broker never answered included), so
     * that its threads and socket go and the next attempt starts afresh.
     */
    void discard(boolean sayGoodbye, int reasonCode) {
        die();
        try {
            if (sayGoodbye && client.isConnected()) {
                client.disconnect(1000, null, null, reasonCode, null).waitForCompletion(3000);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        forceClose(client);
    }

    /** Drops the connection without a word and frees the client's threads, whatever state it is in. */
    static void forceClose(MqttAsyncClient client) {
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("forced disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("closing the MQTT client: {}", e.getMessage());
        }
    }
}
