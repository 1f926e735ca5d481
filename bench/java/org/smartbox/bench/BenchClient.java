package org.smartbox.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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
 * A bare Paho MQTT 5 client, as a fleet tool or a minimal box would write it: Paho's own automatic
 * reconnect, QoS 1, every message handed to a callback. Publishes wait for room in the broker's
 * window (counted from Paho's action callbacks: Paho completes a token before it counts the message
 * out of its own window). The fleet benchmark's baseline and its cloud side.
 */
final class BenchClient implements AutoCloseable {

    private final MqttAsyncClient client;
    private final Semaphore window;

    private BenchClient(MqttAsyncClient client, int window) {
        this.client = client;
        this.window = new Semaphore(window);
    }

    /**
     * Connects. {@code persistent}: the broker keeps the session (clean start off, a day's expiry);
     * {@code onMessage} gets topic and payload on Paho's callback thread.
     */
    static BenchClient connect(String url, String clientId, boolean persistent, int receiveMaximum,
                               BiConsumer<String, byte[]> onMessage) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!persistent);
        if (persistent) {
            options.setSessionExpiryInterval(86_400L);
        }
        options.setAutomaticReconnect(true);
        // The box's own reconnect gives up doubling at 60 s (mqtt.reconnectMaxSeconds): the same cap here.
        options.setMaxReconnectDelay(60_000);
        options.setKeepAliveInterval(30);
        options.setReceiveMaximum(receiveMaximum);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage.accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        IMqttToken token = client.connect(options);
        token.waitForCompletion(30_000);
        MqttProperties granted = token.getResponseProperties();
        Integer window = granted == null ? null : granted.getReceiveMaximum();
        return new BenchClient(client, window == null ? 65_535 : window);
    }

    void subscribe(String... topics) throws MqttException {
        MqttSubscription[] subs = new MqttSubscription[topics.length];
        for (int i = 0; i < topics.length; i++) {
            subs[i] = new MqttSubscription(topics[i], 1);
        }
        client.subscribe(subs).waitForCompletion(30_000);
    }

    /** Publishes at QoS 1 once the broker has room; does not wait for the acknowledgement. */
    void publish(String topic, byte[] payload) throws MqttException, InterruptedException {
        if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
            throw new MqttException(new IllegalStateException("no room in the broker's window for 60 s"));
        }
        try {
            client.publish(topic, new MqttMessage(payload, 1, false, null), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    window.release();
                }
            });
        } catch (MqttException | RuntimeException e) {
            window.release();
            throw e;
        }
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
