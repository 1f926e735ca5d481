package org.smartbox.kiosk;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartbox.hardware.SmsException;
import org.smartbox.hardware.SmsGateway;
import org.smartbox.pickup.Event;
import org.smartbox.pickup.Masking;

/**
 * SMS failover: the gateways in configured order, the first that accepts the message wins. Logs
 * name the masked number and the message reference, never the text (it carries the code).
 */
public final class GatewayChain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayChain.class);

    private final List<SmsGateway> gateways;

    public GatewayChain(List<SmsGateway> gateways) {
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("at least one SMS gateway is needed");
        }
        this.gateways = List.copyOf(gateways);
    }

    public List<SmsGateway> gateways() {
        return gateways;
    }

    /** Sends a code message and tells the outcome as the kiosk event it becomes. */
    public Event deliver(String userId, String e164, String text) {
        try {
            send(e164, text);
            return new Event.CodeDelivered(userId);
        } catch (SmsException e) {
            return new Event.CodeNotDelivered(userId, e.getMessage());
        }
    }

    /** Sends through the first gateway that accepts; the exception lists why each one failed. */
    public String send(String e164, String text) throws SmsException {
        StringBuilder reasons = new StringBuilder();
        for (SmsGateway gateway : gateways) {
            try {
                String reference = gateway.send(e164, text);
                LOG.info("SMS to {} sent by {} (ref {})", Masking.mobile(e164), gateway.name(), reference);
                return reference;
            } catch (SmsException e) {
                String why = redact(e.getMessage(), e164, text);
                LOG.warn("SMS to {} failed on {}: {}", Masking.mobile(e164), gateway.name(), why);
                reasons.append(reasons.length() == 0 ? "" : "; ").append(gateway.name()).append(": ").append(why);
            } catch (RuntimeException e) {
                LOG.error("SMS gateway {} failed unexpectedly", gateway.name(), e);
                reasons.append(reasons.length() == 0 ? "" : "; ").append(gateway.name()).append(": internal error");
            }
        }
        throw new SmsException(reasons.toString());
    }

    /**
     * What a gateway says about a failure becomes a log line and an audit field: a modem may echo
     * the command it was given, so the message text, the number and any run of five or more digits
     * (a code, a number in another form) are masked, and control characters dropped. Public for the
     * modem's tests, which feed it whatever a modem may answer.
     */
    public static String redact(String reason, String e164, String text) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        String safe = text.isEmpty() ? reason : reason.replace(text, "[message]");
        safe = safe.replace(e164, Masking.mobile(e164)).replaceAll("[0-9]{5,}", "*****");
        return safe.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
