package org.smartbox.modem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the box knows about its modem, for the service menu's status screen and {@code smartbox diag}:
 * the port, whether the gateway can send, the SIM, the network registration and the signal. A
 * snapshot: the gateway refreshes it (never the reader of it, so reading it never blocks).
 */
public record ModemHealth(
        String port,
        boolean portPresent,
        State state,
        SimState sim,
        Registration registration,
        OptionalInt signalDbm,
        Optional<String> lastError,
        Optional<Instant> checkedAt,
        Optional<Duration> retryIn) {

    /** Whether the gateway can send now. */
    public enum State {
        /** Not tried yet. */
        STARTING,
        /** Set up (echo off, text mode, SIM ready): sends go straight out. */
        READY,
        /** Port gone, modem not answering or SIM not usable: sends fail fast until the next attempt. */
        DOWN,
        /** Closed for good (shutdown). */
        CLOSED
    }

    /** The SIM card, from {@code AT+CPIN?}. */
    public enum SimState {
        UNKNOWN("SIM ?"),
        READY("SIM ok"),
        MISSING("no SIM"),
        PIN_REQUIRED("PIN needed"),
        PIN_REJECTED("PIN wrong"),
        PUK_REQUIRED("PUK needed"),
        FAILURE("SIM error");

        private final String shortText;

        SimState(String shortText) {
            this.shortText = shortText;
        }

        public String shortText() {
            return shortText;
        }
    }

    /** Network registration, the better of {@code AT+CREG?} (2G/3G) and {@code AT+CEREG?} (LTE). */
    public enum Registration {
        UNKNOWN("reg?"),
        NOT_REGISTERED("noreg"),
        DENIED("denied"),
        SEARCHING("search"),
        ROAMING("roam"),
        HOME("reg");

        private final String shortText;

        Registration(String shortText) {
            this.shortText = shortText;
        }

        public String shortText() {
            return shortText;
        }

        public boolean registered() {
            return this == HOME || this == ROAMING;
        }

        /** The better of two answers: registered beats searching beats the rest. */
        public Registration or(Registration other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /** Before the first check. */
    public static ModemHealth starting(String port, boolean present) {
        return new ModemHealth(port, present, State.STARTING, SimState.UNKNOWN, Registration.UNKNOWN,
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** At most 14 characters for the status screen's "Modem ..." line: "-71 dBm reg", "no modem", ... */
    public String shortText() {
        if (!portPresent) {
            return "no modem";
        }
        switch (state) {
            case STARTING:
                return "starting";
            case CLOSED:
                return "off";
            default:
                break;
        }
        if (sim != SimState.READY && sim != SimState.UNKNOWN) {
            return sim.shortText();
        }
        if (state == State.DOWN) {
            return "no answer";
        }
        String dbm = signalDbm.isPresent() ? signalDbm.getAsInt() + " dBm" : "? dBm";
        return dbm + " " + registration.shortText();
    }

    /** The lines {@code smartbox diag} prints, one fact each. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("modem port: " + port + (portPresent ? " (present)" : " (missing)"));
        String stateLine = "modem state: " + state.name().toLowerCase(java.util.Locale.ROOT);
        if (retryIn.isPresent()) {
            stateLine += ", next attempt in " + Math.max(1, (retryIn.get().toMillis() + 999) / 1000) + " s";
        }
        lines.add(stateLine);
        lines.add("SIM: " + sim.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        lines.add("network: " + registration.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        lines.add("signal: " + (signalDbm.isPresent() ? signalDbm.getAsInt() + " dBm" : "unknown"));
        lastError.ifPresent(e -> lines.add("last error: " + e));
        lines.add("checked: " + checkedAt.map(Instant::toString).orElse("never"));
        return lines;
    }
}
