package org.smartbox.sim;

import java.util.concurrent.atomic.AtomicLong;
import org.smartbox.hardware.SmsException;
import org.smartbox.hardware.SmsGateway;

/**
 * The simulated SMS gateway: an accepted message is an {@code SMS <e164> <text>} line, printed
 * right after the {@code CODE_SENT} entry its acceptance causes (see {@link ProtocolOut#hold}).
 */
public final class SimSmsGateway implements SmsGateway {

    private final ProtocolOut out;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean failing;

    public SimSmsGateway(ProtocolOut out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "sim";
    }

    /** {@code sms fail} / {@code sms ok}. */
    public void failing(boolean value) {
        failing = value;
    }

    public boolean failing() {
        return failing;
    }

    @Override
    public String send(String e164, String text) throws SmsException {
        if (failing) {
            throw new SmsException("simulated gateway is down");
        }
        out.hold("SMS " + e164 + " " + text.replace('\n', ' '));
        return "sim-" + sent.incrementAndGet();
    }
}
