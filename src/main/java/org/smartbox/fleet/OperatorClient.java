package org.smartbox.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker as an operator's tool sees it ({@code smartbox publish}, {@code smartbox events}): a
 * clean session under a throw-away client id, QoS 1 subscriptions renewed after a reconnect, and
 * the messages that arrive in a queue to take from.
 */
public final class OperatorClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorClient.class);

    /** A message as it came from the broker. */
    public record Message(String topic, byte[] payload, boolean retained) {
    }

    private final MqttAsyncClient client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<String> subscriptions = new ArrayList<>();
    private final Duration timeout;

    private OperatorClient(MqttAsyncClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Connects, waiting at most {@code timeout}; {@code clientId} may be null for a random one. */
    public static OperatorClient connect(BrokerAccess access, String clientId, Duration timeout)
            throws BrokerAccess.SetupException, MqttException {
        MqttConnectOptions options = access.connectOptions(Duration.ofSeconds(30),
                Duration.ofSeconds(Math.max(1, timeout.toSeconds())), 100);
        // A tail may run for days: let Paho reconnect, and subscribe again each time.
        options.setAutomaticReconnect(true);
        String id = clientId != null ? clientId : "smartbox-cli-" + UUID.randomUUID().toString().substring(0, 8);
        MqttAsyncClient client = new MqttAsyncClient(access.serverUri(), id, new MemoryPersistence());
        OperatorClient operator = new OperatorClient(client, timeout);
        client.setCallback(operator.new Callback());
        try {
            client.connect(options).waitForCompletion(timeout.toMillis() + 2000);
        } catch (MqttException e) {
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // already failing
            }
            throw e;
        }
        return operator;
    }

    /** Subscribes at QoS 1 and waits for the broker to confirm. */
    public synchronized void subscribe(String... topics) throws MqttException {
        int[] qos = new int[topics.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(topics, qos).waitForCompletion(timeout.toMillis() + 2000);
        subscriptions.addAll(List.of(topics));
    }

    /** Publishes at QoS 1, not retained, and waits for the broker's acknowledgement. */
    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(timeout.toMillis() + 2000);
    }

    /** The next message, waiting up to {@code millis}; null when none came. */
    public Message next(long millis) throws InterruptedException {
        return received.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            synchronized (OperatorClient.this) {
                if (subscriptions.isEmpty()) {
                    return;
                }
                int[] qos = new int[subscriptions.size()];
                java.util.Arrays.fill(qos, 1);
                try {
                    client.subscribe(subscriptions.toArray(new String[0]), qos);
                } catch (MqttException e) {
                    LOG.warn("subscribing again after a reconnect failed: {}", e.getMessage());
                }
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("connection lost: {}; reconnecting", FleetLink.describe(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Message(topic, message.getPayload(), message.isRetained()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publish() waits for its own token
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }
}
