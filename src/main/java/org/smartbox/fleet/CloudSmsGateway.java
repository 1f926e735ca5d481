package org.smartbox.fleet;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.hardware.SmsException;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.pickup.Masking;

/**
 * The cloud SMS uplink: asks the cloud to send the message by publishing
 * {@code {"id","to","text"}} to {@code smartbox/{box}/sms}, and counts it sent only once the cloud
 * answers on {@code smartbox/{box}/sms/ack} with the same id and {@code "status":"sent"} (an answer
 * without it is a failure). Fails at once while
 * the link is down, and after the configured wait without an answer, so the chain can try the next
 * gateway. The text carries the one-time code: it is never logged, and the config allows this
 * gateway only over TLS (or to a broker on this machine).
 */
public final class CloudSmsGateway implements SmsGateway {

    private static final Logger LOG = LoggerFactory.getLogger(CloudSmsGateway.class);
    /** A reason from the cloud is repeated (logs, audit) only when it is a plain word like {@code no_credit}. */
    private static final Pattern SAFE_REASON = Pattern.compile("[a-z0-9_]{1,40}");

    private final FleetLink link;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<Payloads.SmsAck>> pending = new ConcurrentHashMap<>();

    CloudSmsGateway(FleetLink link, Duration timeout) {
        this.link = link;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "cloud";
    }

    @Override
    public String send(String e164, String text) throws SmsException {
        if (!link.connected()) {
            throw new SmsException("cloud link is offline");
        }
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = "sms-" + HexFormat.of().formatHex(idBytes);
        CompletableFuture<Payloads.SmsAck> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            link.publish(link.topics().sms(), Payloads.smsRequest(id, e164, text), false, null, null);
            Payloads.SmsAck ack = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ack.sent()) {
                String reason = SAFE_REASON.matcher(ack.reason()).matches() ? " (" + ack.reason() + ")" : "";
                throw new SmsException("the cloud could not send it" + reason);
            }
            LOG.info("cloud accepted SMS {} to {}", id, Masking.mobile(e164));
            return id;
        } catch (MqttException e) {
            throw new SmsException("cloud link: the request could not be published (" + FleetLink.describe(e) + ")");
        } catch (TimeoutException e) {
            throw new SmsException("no answer from the cloud within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new SmsException("cloud link lost while waiting for the answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsException("interrupted while waiting for the cloud");
        } finally {
            pending.remove(id);
        }
    }

    /** An answer from the cloud (Paho's thread). Unknown ids (late answers) are ignored. */
    void acknowledged(byte[] payload) {
        try {
            Payloads.SmsAck ack = Payloads.parseSmsAck(payload);
            CompletableFuture<Payloads.SmsAck> waiting = pending.get(ack.id());
            if (waiting == null) {
                LOG.debug("SMS answer for unknown or expired id {}", ack.id());
            } else {
                waiting.complete(ack);
            }
        } catch (IOException e) {
            LOG.warn("unreadable SMS acknowledgement: {}", e.getMessage());
        }
    }

    /** The connection dropped: whoever waits for an answer stops waiting. */
    void linkDown() {
        pending.values().forEach(f -> f.completeExceptionally(new IOException("link lost")));
    }
}
