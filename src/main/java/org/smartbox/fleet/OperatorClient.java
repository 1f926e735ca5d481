package org.smartbox.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker as an operator's tool sees it ({@code smartbox publish}, {@code smartbox events}), over
 * MQTT 5: a throw-away client id and a clean session by default, or a named one whose session the
 * broker keeps while the tool is away; QoS 1 subscriptions renewed after a reconnect, and the
 * messages that arrive in a queue to take from. Every connect ends within its timeout.
 */
public final class OperatorClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorClient.class);
    /** What the tools take from the broker in one packet (events and answers are small; this is a guard). */
    private static final long MAX_PACKET_BYTES = 16L * 1024 * 1024;

    /** A message as it came from the broker. */
    public record Message(String topic, byte[] payload, boolean retained) {
    }

    /** How to connect: a client id (null: a random one, clean session) and how long the broker keeps the session. */
    public record Session(String clientId, Duration expiry) {
        public static Session clean() {
            return new Session(null, Duration.ZERO);
        }
    }

    private final MqttAsyncClient client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<MqttSubscription> subscriptions = new ArrayList<>();
    private final Duration timeout;
    private volatile long serverMaxPacket = Long.MAX_VALUE;

    private OperatorClient(MqttAsyncClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Connects with a clean session, waiting at most {@code timeout}; {@code clientId} may be null for a random one. */
    public static OperatorClient connect(BrokerAccess access, String clientId, Duration timeout)
            throws BrokerAccess.SetupException, MqttException {
        return connect(access, new Session(clientId, Duration.ZERO), timeout);
    }

    /** Connects, waiting at most {@code timeout} in all (a broker that never answers ends the attempt). */
    public static OperatorClient connect(BrokerAccess access, Session session, Duration timeout)
            throws BrokerAccess.SetupException, MqttException {
        MqttConnectionOptions options = access.connectOptions(Duration.ofSeconds(30), timeout, MAX_PACKET_BYTES);
        // A tail may run for days: let Paho reconnect, and subscribe again each time.
        options.setAutomaticReconnect(true);
        // Paho 1.2.5 ignores setAutomaticReconnectDelay: it doubles one delay from 1 s up to this (ms).
        options.setMaxReconnectDelay(10_000);
        options.setReceiveMaximum(1000);
        boolean keep = session.clientId() != null && !session.expiry().isZero();
        options.setCleanStart(!keep);
        if (keep) {
            options.setSessionExpiryInterval(session.expiry().toSeconds());
        }
        String id = session.clientId() != null ? session.clientId()
                : "smartbox-cli-" + UUID.randomUUID().toString().substring(0, 8);
        MqttAsyncClient client = new MqttAsyncClient(access.serverUri(), id, new MemoryPersistence());
        OperatorClient operator = new OperatorClient(client, timeout);
        client.setCallback(operator.new Callback());
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(Math.max(1, timeout.toMillis()));
            MqttProperties granted = token.getResponseProperties();
            if (granted != null && granted.getMaximumPacketSize() != null) {
                operator.serverMaxPacket = granted.getMaximumPacketSize();
            }
        } catch (MqttException e) {
            operator.abandon();
            throw e;
        }
        return operator;
    }

    /** The largest packet the broker takes from this client (its CONNACK), or {@code Long.MAX_VALUE}. */
    public long serverMaxPacket() {
        return serverMaxPacket;
    }

    /** Subscribes at QoS 1 and waits for the broker to confirm; a refused subscription is an exception. */
    public synchronized void subscribe(String... topics) throws MqttException {
        MqttSubscription[] subs = new MqttSubscription[topics.length];
        for (int i = 0; i < topics.length; i++) {
            subs[i] = new MqttSubscription(topics[i], 1);
        }
        IMqttToken token = client.subscribe(subs);
        token.waitForCompletion(timeout.toMillis() + 2000);
        int[] codes = token.getReasonCodes();
        for (int code : codes == null ? new int[0] : codes) {
            if (code >= LinkSession.FAILURE) {
                throw new MqttException(code);
            }
        }
        subscriptions.addAll(List.of(subs));
    }

    /**
     * Publishes at QoS 1, not retained, and waits for the broker's acknowledgement; returns its reason
     * code ({@code 0} accepted, {@code 0x10} accepted but no subscriber matched). A failure code is an
     * exception.
     */
    public int publish(String topic, byte[] payload) throws MqttException {
        IMqttToken token = client.publish(topic, new MqttMessage(payload, 1, false, null));
        token.waitForCompletion(timeout.toMillis() + 2000);
        int[] codes = token.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        if (code >= LinkSession.FAILURE) {
            throw new MqttException(code);
        }
        return code;
    }

    /** The next message, waiting up to {@code millis}; null when none came. */
    public Message next(long millis) throws InterruptedException {
        return received.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            synchronized (OperatorClient.this) {
                if (subscriptions.isEmpty()) {
                    return;
                }
                try {
                    client.subscribe(subscriptions.toArray(new MqttSubscription[0]));
                } catch (MqttException e) {
                    LOG.warn("subscribing again after a reconnect failed: {}", e.getMessage());
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("connection lost: {}; reconnecting", response.getException() == null
                    ? "reason " + response.getReturnCode() : FleetLink.describe(response.getException()));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", FleetLink.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Message(topic, message.getPayload(), message.isRetained()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish() waits for its own token
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    private void abandon() {
        LinkSession.forceClose(client);
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
        abandon();
    }
}
