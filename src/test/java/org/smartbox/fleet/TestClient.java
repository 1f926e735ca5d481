package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

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
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(!persistent);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        options.setMaxInflight(1000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Message(topic, message.getPayload(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options).waitForCompletion(10_000);
        if (topics.length > 0) {
            int[] qos = new int[topics.length];
            java.util.Arrays.fill(qos, 1);
            client.subscribe(topics, qos).waitForCompletion(10_000);
        }
    }

    static TestClient connect(MosquittoBroker broker, String... topics) throws MqttException {
        return new TestClient(broker, "test-" + System.nanoTime(), false, topics);
    }

    /** A consumer whose session the broker keeps (and saves) while it is disconnected. */
    static TestClient persistent(MosquittoBroker broker, String clientId, String... topics) throws MqttException {
        return new TestClient(broker, clientId, true, topics);
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(10_000);
    }

    void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
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
