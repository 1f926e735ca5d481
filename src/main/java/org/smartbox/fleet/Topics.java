package org.smartbox.fleet;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topics of one box ({@code smartbox/{box}/...}); the README's topic table lists them.
 * Box ids are restricted by the config to letters, digits, {@code -} and {@code _}, so they never
 * contain a topic separator or wildcard.
 */
public record Topics(String box) {

    public static final String ROOT = "smartbox";
    private static final Pattern BOX_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public Topics {
        if (!isBoxId(box)) {
            throw new IllegalArgumentException("not a box id: " + box);
        }
    }

    public static boolean isBoxId(String id) {
        return id != null && BOX_ID.matcher(id).matches();
    }

    /** In: sync documents (snapshots and deltas), QoS 1. */
    public String sync() {
        return base() + "/sync";
    }

    /** Out: the outcome of each sync document, QoS 1. */
    public String syncResult() {
        return base() + "/sync/result";
    }

    /** Out: audit events from the outbox, in order, QoS 1. */
    public String events() {
        return base() + "/events";
    }

    /** In: app unlock grants, QoS 1. */
    public String grants() {
        return base() + "/grants";
    }

    /** Out, retained: online/offline, cache version, outbox backlog. */
    public String status() {
        return base() + "/status";
    }

    /** Out: SMS the cloud should send for the box, QoS 1 (carries a one-time code: TLS only). */
    public String sms() {
        return base() + "/sms";
    }

    /** In: the cloud's acknowledgement of each SMS, QoS 1. */
    public String smsAck() {
        return base() + "/sms/ack";
    }

    /** Events of every box: {@code smartbox/+/events}. */
    public static String allEvents() {
        return ROOT + "/+/events";
    }

    /** The box id in a topic of the form {@code smartbox/{box}/...}. */
    public static Optional<String> boxOf(String topic) {
        String[] parts = topic.split("/", -1);
        return parts.length >= 3 && parts[0].equals(ROOT) && isBoxId(parts[1]) ? Optional.of(parts[1])
                : Optional.empty();
    }

    private String base() {
        return ROOT + "/" + box;
    }
}
