package org.smartbox.fleet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.ConfigException;
import org.smartbox.config.MqttConfig;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.kiosk.Kiosk;

/**
 * The box's connection to its fleet broker: connects with TLS and credentials, leaves a retained
 * "offline" last will on its status topic, reconnects with back-off, and carries the three flows:
 * sync documents and grants in ({@link SyncDownlink}), audit events out ({@link EventUplink}), and
 * SMS through the cloud ({@link CloudSmsGateway}). The kiosk never waits for it: pickups go on
 * whether the broker is there or not.
 *
 * <p>Use: {@link #create} (before the kiosk, so {@link #smsGateway()} can join its SMS chain),
 * {@link #start} once the kiosk is open, {@link #close} after the kiosk closed (so that its STOPPED
 * event can still go out).
 */
public final class FleetLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLink.class);
    /** Room in Paho's in-flight window beside the event batch, for results, status and SMS. */
    private static final int EXTRA_INFLIGHT = 32;

    private final MqttConfig config;
    private final Topics topics;
    private final String software;
    private final MqttConnectOptions options;
    private final MqttAsyncClient client;
    private final Backoff backoff;
    private final CloudSmsGateway sms;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean connected;
    private volatile boolean closing;
    private volatile boolean started;
    private int failedAttempts;
    private EventUplink uplink;
    private SyncDownlink downlink;

    private FleetLink(MqttConfig config, String boxId, String software, MqttConnectOptions options)
            throws MqttException {
        this.config = config;
        this.topics = new Topics(boxId);
        this.software = software;
        this.options = options;
        this.client = new MqttAsyncClient(BrokerAccess.of(config).serverUri(), config.clientId(),
                new MemoryPersistence());
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.sms = new CloudSmsGateway(this, config.smsAckTimeout());
        options.setWill(topics.status(), Payloads.lostStatus(boxId), 1, true);
    }

    /**
     * Builds the link (nothing is connected yet). Reads the credential and TLS files; a file that
     * cannot be used is a {@link ConfigException} naming its key in {@code configSource}.
     */
    public static FleetLink create(MqttConfig config, String boxId, String software, String configSource) {
        MqttConnectOptions options;
        try {
            options = BrokerAccess.of(config).connectOptions(config.keepAlive(), config.connectTimeout(),
                    config.eventBatch() + EXTRA_INFLIGHT);
        } catch (BrokerAccess.SetupException e) {
            throw new ConfigException(configSource, configKey(e.part()), e.getMessage());
        }
        try {
            return new FleetLink(config, boxId, software, options);
        } catch (MqttException e) {
            throw new ConfigException(configSource, "mqtt.broker", "cannot be used: " + e.getMessage());
        }
    }

    private static String configKey(BrokerAccess.Part part) {
        return switch (part) {
            case USERNAME -> "mqtt.usernameFile";
            case PASSWORD -> "mqtt.passwordFile";
            case CA -> "mqtt.caFile";
            case CLIENT_CERT -> "mqtt.clientCertFile";
            case CLIENT_KEY -> "mqtt.clientKeyFile";
        };
    }

    /** The cloud SMS uplink of this link, for the kiosk's gateway chain (it fails fast while offline). */
    public SmsGateway smsGateway() {
        return sms;
    }

    /**
     * Starts the flows for an open kiosk and begins connecting in the background. The uplink opens its
     * own connection to the kiosk's database file; {@code access} is how work reaches the kiosk's thread.
     */
    public synchronized void start(Kiosk kiosk, KioskAccess access) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        uplink = new EventUplink(this, kiosk.data().database().file(), kiosk.data().keys(), kiosk.clock(),
                software, config);
        downlink = new SyncDownlink(this, kiosk, access);
        kiosk.audit().onAppend(record -> uplink.wake());
        client.setCallback(new Callback());
        uplink.start();
        connector.execute(this::connect);
    }

    public Topics topics() {
        return topics;
    }

    /** True while the broker connection is up and subscribed. */
    public boolean connected() {
        return connected;
    }

    /** Asks for a fresh retained status (after a sync document changed the cache version). */
    void statusChanged() {
        EventUplink up = uplink;
        if (up != null) {
            up.requestStatus();
        }
    }

    /** Publishes at QoS 1; the listener hears the broker's acknowledgement (or the failure). */
    IMqttDeliveryToken publish(String topic, byte[] payload, boolean retained, Object context,
                               IMqttActionListener listener) throws MqttException {
        return client.publish(topic, payload, 1, retained, context, listener);
    }

    /** Publishes at QoS 1 and forgets: for answers whose loss the status or a retry covers. */
    void publishQuietly(String topic, byte[] payload) {
        if (!connected) {
            LOG.info("not connected: {} not sent", topic);
            return;
        }
        try {
            client.publish(topic, payload, 1, false);
        } catch (MqttException e) {
            LOG.warn("publishing to {} failed: {}", topic, e.getMessage());
        }
    }

    /** Drops the connection so that a fresh one starts over (a publish that never got its answer). */
    void reset(String why) {
        LOG.warn("resetting the broker connection: {}", why);
        try {
            client.disconnectForcibly(0, 1000);
        } catch (MqttException e) {
            LOG.debug("forced disconnect: {}", e.getMessage());
        }
        lost(null);
    }

    private void connect() {
        if (closing) {
            return;
        }
        long wait = config.connectTimeout().toMillis() + 5000;
        try {
            client.connect(options).waitForCompletion(wait);
            IMqttToken subscribed = client.subscribe(new String[] {topics.sync(), topics.grants(), topics.smsAck()},
                    new int[] {1, 1, 1});
            subscribed.waitForCompletion(wait);
            for (int qos : subscribed.getGrantedQos()) {
                if (qos == 0x80) {
                    throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
                }
            }
            connected = true;
            backoff.reset();
            failedAttempts = 0;
            LOG.info("connected to {} as {}", config.broker(), config.clientId());
            uplink.linkUp();
        } catch (MqttException e) {
            failedAttempts++;
            // Log the first failures loudly, then once in a while: an outage can last days.
            String message = "cannot connect to " + config.broker() + ": " + describe(e);
            if (failedAttempts <= 3 || failedAttempts % 20 == 0) {
                LOG.warn("{} (attempt {})", message, failedAttempts);
            } else {
                LOG.debug(message);
            }
            if (client.isConnected()) {
                try {
                    client.disconnectForcibly(0, 1000);
                } catch (MqttException again) {
                    LOG.debug("forced disconnect: {}", again.getMessage());
                }
            }
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closing) {
            return;
        }
        long delay = backoff.nextMillis();
        try {
            connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing.
        }
    }

    private synchronized void lost(Throwable cause) {
        boolean was = connected;
        connected = false;
        sms.linkDown();
        if (uplink != null) {
            uplink.wake();
        }
        if (was) {
            LOG.warn("connection to {} lost: {}", config.broker(), cause == null ? "reset" : describe(cause));
            scheduleReconnect();
        }
    }

    /** A one-line reason for a failure, with its root cause. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null) {
            text += " (" + root.getMessage() + ")";
        }
        return text;
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // Subscriptions and the status are set up by connect(), which waits for this.
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Never throw here: Paho would drop the connection. Never block: acks and other topics wait.
            try {
                if (topic.equals(topics.sync())) {
                    downlink.document(message.getPayload());
                } else if (topic.equals(topics.grants())) {
                    downlink.grant(message.getPayload());
                } else if (topic.equals(topics.smsAck())) {
                    sms.acknowledged(message.getPayload());
                }
            } catch (RuntimeException e) {
                LOG.error("handling a message on {} failed", topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Each publisher listens to its own tokens.
        }
    }

    /**
     * Stops taking documents, sends what the outbox holds within a few seconds, publishes the
     * retained "offline" status and disconnects. Events left over go out after the next start.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        connector.shutdownNow();
        try {
            connector.awaitTermination(config.connectTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (downlink != null) {
            downlink.close();
        }
        if (uplink != null) {
            uplink.close(Duration.ofSeconds(3));
        }
        connected = false;
        sms.linkDown();
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.debug("closing the MQTT client: {}", e.getMessage());
        }
        LOG.info("fleet link closed");
    }
}
