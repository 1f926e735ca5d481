package org.smartbox.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.config.ConfigException;
import org.smartbox.config.MqttConfig;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.kiosk.SyncService;

/**
 * The box's connection to its fleet broker, over MQTT 5: connects with TLS and credentials under a
 * stable client id with a persistent session (the broker keeps the box's subscriptions, and what the
 * cloud publishes while the box is away, for {@code mqtt.sessionExpirySeconds}), announces the
 * largest packet it takes ({@code mqtt.maxMessageBytes}) and how many messages it takes at once,
 * leaves a retained "offline" last will, and reconnects with back-off and jitter. It carries the
 * flows: sync documents and grants in ({@link SyncDownlink}), audit events and status out
 * ({@link EventUplink}), SMS through the cloud ({@link CloudSmsGateway}). The kiosk never waits for
 * it: pickups go on whether the broker is there or not.
 *
 * <p>Every connection attempt has its own client and ends within the connect timeout: one the broker
 * never answers is closed and the next starts afresh, so a broker that takes TCP and says nothing
 * cannot wedge the link.
 *
 * <p>Use: {@link #create} (before the kiosk, so {@link #smsGateway()} can join its SMS chain),
 * {@link #start} once the kiosk is open, {@link #close} after the kiosk closed (so that its STOPPED
 * event can still go out).
 */
public final class FleetLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLink.class);
    /** MQTT 5 DISCONNECT reason codes: a normal goodbye, or one that asks the broker for the last will. */
    private static final int NORMAL = 0x00;
    private static final int WITH_WILL = 0x04;
    /** How long a publish may wait for room in the broker's window. */
    private static final long PUBLISH_WAIT_MILLIS = 30_000;
    /** After the first failures, a failing connect is logged once a minute (with the count), never less. */
    private static final int LOUD_ATTEMPTS = 3;
    private static final long QUIET_WARN_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final MqttConfig config;
    private final Topics topics;
    private final String software;
    private final MqttConnectionOptions options;
    private final Backoff backoff;
    private final CloudSmsGateway sms;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-connect");
        t.setDaemon(true);
        return t;
    });
    /**
     * The MQTT client's own threads (receiver, sender, callback, pings), for every connection of this
     * link: run as tasks here, whatever goes wrong inside one of them (Paho 1.2.5 can throw from a
     * client being closed) ends in its task, never as an uncaught error of the box.
     */
    private final java.util.concurrent.ScheduledThreadPoolExecutor mqttThreads;
    private volatile LinkSession session;
    private volatile boolean connected;
    private volatile boolean closing;
    private boolean started;
    /** Touched by the connector thread only. */
    private int failedAttempts;
    private int sessions;
    private long lastWarn;
    private boolean warnedExpiry;
    private EventUplink uplink;
    private SyncDownlink downlink;

    private FleetLink(MqttConfig config, String boxId, String software, MqttConnectionOptions options) {
        this.config = config;
        this.topics = new Topics(boxId);
        this.software = software;
        this.options = options;
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.sms = new CloudSmsGateway(this, config.smsAckTimeout());
        java.util.concurrent.atomic.AtomicInteger threadNumber = new java.util.concurrent.atomic.AtomicInteger();
        this.mqttThreads = new java.util.concurrent.ScheduledThreadPoolExecutor(16, r -> {
            Thread t = new Thread(r, "fleet-mqtt-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        mqttThreads.setKeepAliveTime(30, TimeUnit.SECONDS);
        mqttThreads.allowCoreThreadTimeOut(true);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setReceiveMaximum(SyncDownlink.RECEIVE_MAXIMUM);
        options.setWill(topics.status(), new MqttMessage(Payloads.lostStatus(boxId), 1, true, null));
    }

    /**
     * Builds the link (nothing is connected yet). Reads the credential and TLS files; a file that
     * cannot be used, or a secret file every user may read, is a {@link ConfigException} naming its
     * key in {@code configSource}.
     */
    public static FleetLink create(MqttConfig config, String boxId, String software, String configSource) {
        List<MqttConfig.OpenSecret> open = config.openSecrets();
        if (!open.isEmpty()) {
            throw new ConfigException(configSource, open.get(0).key(), open.get(0).problem());
        }
        MqttConnectionOptions options;
        try {
            options = BrokerAccess.of(config).connectOptions(config.keepAlive(), config.connectTimeout(),
                    config.maxMessageBytes());
        } catch (BrokerAccess.SetupException e) {
            throw new ConfigException(configSource, configKey(e.part()), e.getMessage());
        }
        try {
            // Checks the URL the way each connection will use it.
            new MqttAsyncClient(BrokerAccess.of(config).serverUri(), config.clientId(), new MemoryPersistence())
                    .close(true);
        } catch (MqttException | IllegalArgumentException e) {
            throw new ConfigException(configSource, "mqtt.broker", "cannot be used: " + e.getMessage());
        }
        return new FleetLink(config, boxId, software, options);
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
     * own connection to the kiosk's database file; the ports' {@code access} is how work reaches the kiosk's thread.
     */
    public synchronized void start(FleetPorts kiosk) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        uplink = new EventUplink(this, kiosk.dbFile(), kiosk.keys(), kiosk.clock(), software, config);
        PartAssembly parts = new PartAssembly(PartAssembly.beside(kiosk.dbFile()),
                topics.box(), SyncService.MAX_DOCUMENT_BYTES, config.partTimeout(), Clock.systemUTC());
        downlink = new SyncDownlink(this, kiosk, parts);
        kiosk.audit().onAppend(record -> uplink.wake());
        uplink.start();
        downlink.start();
        connector.execute(this::connect);
        connector.scheduleWithFixedDelay(this::housekeeping, 60, 60, TimeUnit.SECONDS);
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

    /** The connection now, or null while there is none. */
    LinkSession session() {
        return connected ? session : null;
    }

    /**
     * Publishes at QoS 1 on the current connection once the broker has room; the listener hears the
     * broker's acknowledgement (or the failure).
     */
    IMqttToken publish(String topic, byte[] payload, boolean retained, Object context, MqttActionListener listener)
            throws MqttException {
        LinkSession s = session();
        if (s == null) {
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        return s.publish(topic, payload, retained, context, listener, PUBLISH_WAIT_MILLIS);
    }

    /**
     * Publishes on {@code s} and waits for the broker's acknowledgement: true when it came (and did not
     * say failure) within {@code waitMillis}; false when the connection died or time ran out first.
     */
    boolean publishAndWait(LinkSession s, String topic, byte[] payload, long waitMillis) {
        return publishAndWait(s, topic, payload, false, waitMillis);
    }

    /** As {@link #publishAndWait(LinkSession, String, byte[], long)}, retained or not. */
    boolean publishAndWait(LinkSession s, String topic, byte[] payload, boolean retained, long waitMillis) {
        if (s == null || !s.alive()) {
            return false;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Runnable died = () -> done.complete(false);
        s.onDeath(died);
        try {
            s.publish(topic, payload, retained, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    done.complete(codes == null || codes.length == 0 || codes[0] < LinkSession.FAILURE);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    done.complete(false);
                }
            }, waitMillis);
            boolean ok = done.get(waitMillis, TimeUnit.MILLISECONDS);
            if (!ok) {
                LOG.info("{} not acknowledged by the broker", topic);
            }
            return ok;
        } catch (MqttException e) {
            LOG.info("{} not published: {}", topic, describe(e));
            return false;
        } catch (TimeoutException | ExecutionException e) {
            LOG.info("{}: no acknowledgement within {} s", topic, waitMillis / 1000);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            s.removeOnDeath(died);
        }
    }

    /** Drops the connection so that a fresh one starts over (a publish that never got its answer). */
    void reset(String why) {
        LinkSession s = session;
        if (s != null) {
            lost(s, why, false);
        }
    }

    /**
     * Ends connection {@code s} on purpose and connects again at once: what the broker holds
     * unacknowledged for the box comes again, in order, on the new connection.
     */
    void renew(LinkSession s, String why) {
        lost(s, why, true);
    }

    private void connect() {
        if (closing) {
            return;
        }
        LinkSession s;
        try {
            MqttAsyncClient client = new MqttAsyncClient(BrokerAccess.of(config).serverUri(), config.clientId(),
                    new MemoryPersistence(), null, mqttThreads);
            s = new LinkSession(client, ++sessions);
            client.setCallback(new Callback(s));
            client.setManualAcks(true);
        } catch (MqttException e) {
            failed(e);
            return;
        }
        // Connect and TLS handshake each have the connect timeout; then the broker must answer.
        long wait = config.connectTimeout().toMillis() * 2 + 1000;
        try {
            IMqttToken token = s.client().connect(options);
            token.waitForCompletion(wait);
            MqttProperties granted = token.getResponseProperties();
            Integer receiveMaximum = granted == null ? null : granted.getReceiveMaximum();
            s.window(receiveMaximum == null ? 65_535 : receiveMaximum);
            checkExpiry(granted);
            IMqttToken subscribed = s.client().subscribe(new MqttSubscription[] {
                new MqttSubscription(topics.sync(), 1), new MqttSubscription(topics.grants(), 1),
                new MqttSubscription(topics.smsAck(), 1)});
            subscribed.waitForCompletion(wait);
            int[] codes = subscribed.getReasonCodes();
            for (int code : codes == null ? new int[0] : codes) {
                if (code >= LinkSession.FAILURE) {
                    throw new MqttException(code);
                }
            }
            boolean resumed = token.getSessionPresent();
            synchronized (this) {
                if (closing) {
                    s.discard(true, NORMAL);
                    return;
                }
                session = s;
                connected = true;
            }
            backoff.reset();
            failedAttempts = 0;
            LOG.info("connected to {} as {} ({}; the broker takes {} messages at a time)", config.broker(),
                    config.clientId(), resumed ? "session resumed" : "new session", receiveMaximum == null
                            ? "any number of" : receiveMaximum);
            uplink.linkUp();
        } catch (MqttException | RuntimeException e) {
            s.discard(false, NORMAL);
            failed(e);
        }
    }

    /** Brokers may keep a session for less time than asked (AWS IoT Core: an hour unless raised). */
    private void checkExpiry(MqttProperties granted) {
        Long expiry = granted == null ? null : granted.getSessionExpiryInterval();
        if (expiry != null && expiry < config.sessionExpiry().toSeconds() && !warnedExpiry) {
            warnedExpiry = true;
            LOG.warn("the broker keeps this box's session for only {} s after a disconnect (asked for {} s):"
                    + " what the cloud sends to a box offline longer than that is lost", expiry,
                    config.sessionExpiry().toSeconds());
        }
    }

    /** A connect that failed or timed out: logged at WARN (once a minute after the first few), then again later. */
    private void failed(Exception e) {
        if (closing) {
            LOG.debug("connect given up: the link is closing ({})", describe(e));
            return;
        }
        failedAttempts++;
        long delay = backoff.nextMillis();
        String message = "cannot connect to " + config.broker() + ": " + describe(e) + " (attempt " + failedAttempts
                + "; next in " + String.format(java.util.Locale.ROOT, "%.1f", delay / 1000.0) + " s)";
        long now = System.nanoTime();
        if (failedAttempts <= LOUD_ATTEMPTS || now - lastWarn >= QUIET_WARN_NANOS) {
            lastWarn = now;
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
        schedule(delay);
    }

    private void schedule(long delayMillis) {
        if (closing) {
            return;
        }
        try {
            connector.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing.
        }
    }

    /** The connection {@code s} ended (lost, or reset by the box; {@code renewal}: on purpose, reconnect at once). */
    private void lost(LinkSession s, String why, boolean renewal) {
        synchronized (this) {
            if (s != session || !connected) {
                return;
            }
            connected = false;
            session = null;
        }
        s.die();
        downlink.sessionEnded(s);
        sms.linkDown();
        uplink.wake();
        if (closing) {
            return;
        }
        long delay = renewal ? 0 : backoff.nextMillis();
        if (renewal) {
            LOG.info("renewing the connection to {}: {}", config.broker(), why);
        } else {
            LOG.warn("connection to {} lost: {}; reconnecting in {} s", config.broker(), why,
                    String.format(java.util.Locale.ROOT, "%.1f", delay / 1000.0));
        }
        try {
            connector.execute(() -> s.discard(renewal, NORMAL));
        } catch (RejectedExecutionException e) {
            s.discard(renewal, NORMAL);
        }
        schedule(delay);
    }

    /** True when every document and grant delivered so far was dealt with. */
    boolean idle() {
        SyncDownlink down = downlink;
        return down == null || down.idle();
    }

    /** Once a minute: what was dropped at the door is counted in the audit, summaries due are written. */
    void housekeeping() {
        SyncDownlink down = downlink;
        if (down != null) {
            try {
                down.housekeeping();
            } catch (RuntimeException e) {
                LOG.warn("fleet housekeeping: {}", e.getMessage());
            }
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

    private final class Callback implements MqttCallback {
        private final LinkSession s;

        Callback(LinkSession s) {
            this.s = s;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String why = response.getException() != null ? describe(response.getException())
                    : "the broker disconnected (reason " + response.getReturnCode()
                            + (response.getReasonString() == null ? "" : ": " + response.getReasonString()) + ")";
            lost(s, why, false);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Never throw here: Paho would drop the connection. Never block: acks and other topics wait.
            try {
                if (topic.equals(topics.sync())) {
                    downlink.documentArrived(s, message.getId(), message.getQos(), message.getPayload());
                } else if (topic.equals(topics.grants())) {
                    downlink.grantArrived(s, message.getId(), message.getQos(), message.getPayload());
                } else {
                    if (topic.equals(topics.smsAck())) {
                        sms.acknowledged(message.getPayload());
                    }
                    s.acknowledge(message.getId(), message.getQos());
                }
            } catch (RuntimeException e) {
                LOG.error("handling a message on {} failed", topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Each publisher listens to its own tokens.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // Subscriptions and the status are set up by connect(), which waits for this.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }

    /**
     * Stops taking documents and grants; call it before the kiosk closes, so that nothing arriving
     * meanwhile is answered "failed" and acknowledged: it stays with the broker for the next start.
     */
    public void stopIntake() {
        SyncDownlink down;
        synchronized (this) {
            down = downlink;
        }
        if (down != null) {
            down.close();
        }
    }

    /**
     * Stops taking documents, sends what the outbox holds within a few seconds, publishes the
     * retained "offline" status and disconnects. Events left over go out after the next start.
     */
    @Override
    public void close() {
        close(null);
    }

    /**
     * As {@link #close()}; after a crash the retained status says {@code offline} with {@code crash}
     * (the error's class name) as its reason, and where even that cannot be sent the broker is asked
     * for the last will, so the status never stays "online".
     */
    public void close(String crash) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        connector.shutdownNow();
        try {
            connector.awaitTermination(config.connectTimeout().toMillis() * 2 + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (downlink != null) {
            downlink.close();
        }
        boolean saidOffline = false;
        if (uplink != null) {
            saidOffline = uplink.close(Duration.ofSeconds(3), crash == null ? null : "crash: " + crash);
        }
        LinkSession s;
        synchronized (this) {
            s = session;
            connected = false;
            session = null;
        }
        sms.linkDown();
        if (s != null) {
            s.discard(true, saidOffline ? NORMAL : WITH_WILL);
        }
        mqttThreads.shutdownNow();
        LOG.info("fleet link closed");
    }
}
