package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The other side of the broker in tests (the cloud, a fleet consumer): subscribes, collects every
 * message, publishes. With a persistent session the broker keeps its messages while it is away.
 */
final class TestClient implements AutoCloseable {

    record Message(String topic, byte[] payload, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    private TestClient(MosquittoBroker broker, String clientId, boolean persistent, String... topics)
            throws MqttException {
        client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!persistent);
        if (persistent) {
            options.setSessionExpiryInterval(3600L);
        }
        options.setAutomaticReconnect(true);
        // Paho 1.2.5 ignores the automatic reconnect delays and doubles one static delay up to this (ms).
        options.setMaxReconnectDelay(1000);
        options.setReceiveMaximum(1000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Message(topic, message.getPayload(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.connect(options).waitForCompletion(10_000);
        if (topics.length > 0) {
            MqttSubscription[] subs = new MqttSubscription[topics.length];
            for (int i = 0; i < topics.length; i++) {
                subs[i] = new MqttSubscription(topics[i], 1);
            }
            client.subscribe(subs).waitForCompletion(10_000);
        }
    }

    static TestClient connect(MosquittoBroker broker, String... topics) throws MqttException {
        return new TestClient(broker, "test-" + System.nanoTime(), false, topics);
    }

    /** A consumer whose session the broker keeps (and saves) while it is disconnected. */
    static TestClient persistent(MosquittoBroker broker, String clientId, String... topics) throws MqttException {
        return new TestClient(broker, clientId, true, topics);
    }

    /** Publishes at QoS 1 and waits for the broker; returns its PUBACK reason code. */
    int publish(String topic, byte[] payload) throws MqttException {
        // Waits for the action callback, not the token: Paho 1.2.5 completes the token before it counts the
        // message out of its in-flight window, so the next publish could be refused as one too many.
        java.util.concurrent.CompletableFuture<int[]> acked = new java.util.concurrent.CompletableFuture<>();
        client.publish(topic, new MqttMessage(payload, 1, false, null), null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acked.complete(token.getReasonCodes());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                acked.completeExceptionally(cause);
            }
        });
        try {
            int[] codes = acked.get(10, TimeUnit.SECONDS);
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new MqttException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(e);
        }
    }

    /** Publishes at QoS 1 with an MQTT 5 message expiry: the broker drops it after {@code seconds}. */
    void publishExpiring(String topic, byte[] payload, long seconds) throws MqttException {
        MqttProperties properties = new MqttProperties();
        properties.setMessageExpiryInterval(seconds);
        client.publish(topic, new MqttMessage(payload, 1, false, properties)).waitForCompletion(10_000);
    }

    /** Publishes at QoS 0 without waiting (a flood). */
    void publishQos0(String topic, byte[] payload) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 0, false, null));
    }

    int publish(String topic, String payload) throws MqttException {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The next message that matches, waiting up to {@code seconds}; others are dropped. */
    Message next(Predicate<Message> match, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Message> skipped = new ArrayList<>();
        while (true) {
            long left = end - System.nanoTime();
            Message m = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                fail("no matching message within " + seconds + " s; skipped: " + skipped.stream()
                        .map(s -> s.topic() + " " + s.text()).toList());
            }
            if (match.test(m)) {
                return m;
            }
            if (skipped.size() < 20) {
                skipped.add(m);
            }
        }
    }

    Message next(String topic, int seconds) throws InterruptedException {
        return next(m -> m.topic().equals(topic), seconds);
    }

    /** Waits up to {@code millis} for a message; null when none came. */
    Message poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
