package org.smartbox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.smartbox.fleet.BrokerAccess;
import org.smartbox.fleet.EventSequence;
import org.smartbox.fleet.FleetLink;
import org.smartbox.fleet.OperatorClient;
import org.smartbox.fleet.Payloads;
import org.smartbox.fleet.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox events --broker URL [--box ID]}: tails the audit events of one box or of all. */
@Command(name = "events", mixinStandardHelpOptions = true,
        header = "Print the audit events that boxes send to the fleet broker.",
        description = {"Prints each event as it arrives, one line each ('BOX SEQ AT TYPE key=value ...'), or as"
                + " JSON with --json; what came from the network is printed with its control characters escaped."
                + " The box is the one the topic names; an event that claims another is reported on stderr. An"
                + " event seen again (same box and sequence number, after a reconnect) is printed once; a gap in a"
                + " box's sequence, or a sequence that started over (its database was replaced), is reported on"
                + " stderr. Runs until interrupted, --count or --for."},
        footerHeading = "%nExamples:%n",
        footer = {"  smartbox events --broker ssl://fleet.example.com:8883 --ca fleet-ca.pem --box SB-DEMO",
                "  smartbox events --broker tcp://127.0.0.1:1883 --json --count 100",
                "  smartbox events --broker ssl://fleet.example.com:8883 --client-id ops-1 --share ops"})
final class EventsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** With a --client-id, the broker keeps the session (and queues events) this long by default. */
    private static final long DEFAULT_SESSION_SECONDS = 86_400;

    @Mixin
    BrokerFlags flags;

    @Option(names = "--box", paramLabel = "ID", description = "Only this box (default: every box).")
    String box;

    @Option(names = "--json", description = "Print each event as JSON, one per line.")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    Long count;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds (connecting"
            + " included).")
    Long seconds;

    @Option(names = "--all", description = "Also print events seen before (duplicates).")
    boolean all;

    @Option(names = "--share", paramLabel = "GROUP", description = {"Join the shared subscription $share/GROUP/...:",
            "consumers of one group split the events between them (each event goes to one of them);",
            "gaps are then not reported, since each consumer sees only some of a box's events."})
    String share;

    @Option(names = "--session", paramLabel = "SECONDS", description = {"With --client-id: how long the broker",
            "keeps this consumer's session, and queues events for it, while it is away (default 86400;",
            "0 for none). Without --client-id the session is never kept."})
    Long sessionSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (box != null && !Topics.isBoxId(box)) {
            err.println("smartbox: --box: \"" + TerminalText.escape(box) + "\" is not a box id (letters, digits, - or _)");
            return Main.USAGE;
        }
        if ((count != null && count < 1) || (seconds != null && seconds < 1)) {
            err.println("smartbox: --count and --for take a number from 1");
            return Main.USAGE;
        }
        if (share != null && !GROUP.matcher(share).matches()) {
            err.println("smartbox: --share: a group name is 1-64 letters, digits, - or _");
            return Main.USAGE;
        }
        if (sessionSeconds != null && (sessionSeconds < 0 || sessionSeconds > Integer.MAX_VALUE)) {
            err.println("smartbox: --session takes 0 to " + Integer.MAX_VALUE + " seconds");
            return Main.USAGE;
        }
        BrokerAccess access;
        try {
            access = flags.access();
        } catch (BrokerFlags.Problem e) {
            err.println("smartbox: " + e.getMessage());
            return Main.USAGE;
        }
        flags.warnOpenSecrets(err);
        String topic = box == null ? Topics.allEvents() : new Topics(box).events();
        String filter = share == null ? topic : "$share/" + share + "/" + topic;
        long start = System.nanoTime();
        long end = seconds == null ? Long.MAX_VALUE : start + seconds * 1_000_000_000L;
        // Connecting counts against --for: a broker that never answers ends the command in time.
        Duration connectTimeout = seconds == null ? Duration.ofSeconds(30)
                : Duration.ofMillis(Math.max(1, Math.min(30_000, seconds * 1000)));
        OperatorClient.Session session = flags.clientId == null ? OperatorClient.Session.clean()
                : new OperatorClient.Session(flags.clientId,
                        Duration.ofSeconds(sessionSeconds == null ? DEFAULT_SESSION_SECONDS : sessionSeconds));
        EventSequence sequence = new EventSequence();
        long printed = 0;
        try (OperatorClient client = OperatorClient.connect(access, session, connectTimeout)) {
            client.subscribe(filter);
            // On stderr, so that stdout stays events only: a script knows from here on nothing is missed.
            err.println("smartbox: listening to " + filter + " on " + access.broker());
            err.flush();
            while (count == null || printed < count) {
                long left = end == Long.MAX_VALUE ? 1000 : (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                OperatorClient.Message message = client.next(Math.min(left, 1000));
                if (message != null && print(message, sequence, out, err)) {
                    printed++;
                }
            }
            return 0;
        } catch (BrokerAccess.SetupException e) {
            err.println("smartbox: " + e.getMessage());
            return Main.USAGE;
        } catch (MqttException e) {
            err.println("smartbox: " + access.broker() + ": " + FleetLink.describe(e));
            return PublishCommand.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Prints one message as an event of the box its topic names; true when it was printed. */
    private boolean print(OperatorClient.Message message, EventSequence sequence, PrintWriter out, PrintWriter err) {
        String topicText = TerminalText.escape(message.topic());
        Optional<String> topicBox = Topics.boxOf(message.topic());
        if (topicBox.isEmpty()) {
            report(err, topicText + ": not a box's event topic; ignored");
            return false;
        }
        String from = topicBox.get();
        Payloads.EventMessage event;
        try {
            event = Payloads.parseEvent(message.payload());
        } catch (IOException e) {
            report(err, topicText + ": not an event (" + TerminalText.escape(e.getMessage()) + ")");
            return false;
        }
        boolean claimsOther = !event.box().equals(from);
        if (claimsOther) {
            report(err, topicText + ": the event says it is from \"" + TerminalText.escape(event.box())
                    + "\"; it came on " + from + "'s topic and counts as " + from + "'s");
        }
        EventSequence.Verdict verdict = sequence.see(from, event.stream(), event.seq());
        if (verdict instanceof EventSequence.Verdict.Duplicate && !all) {
            return false;
        }
        if (share == null) {
            if (verdict instanceof EventSequence.Verdict.Gap gap) {
                report(err, from + ": gap: " + (gap.from() == gap.to() ? "event " + gap.from()
                        : "events " + gap.from() + ".." + gap.to()) + " did not arrive");
            } else if (verdict instanceof EventSequence.Verdict.Restart restart) {
                report(err, from + ": its event sequence started over at " + event.seq() + " (a new event log "
                        + TerminalText.escape(restart.newStream()) + "; the last seen was " + restart.oldHighest()
                        + " of " + TerminalText.escape(restart.oldStream()) + "): its database was replaced");
            }
        }
        if (json) {
            out.println(TerminalText.json(asJson(message.payload(), from, claimsOther ? event.box() : null)));
        } else {
            out.println(line(from, event, claimsOther));
        }
        out.flush();
        return true;
    }

    /** {@code BOX SEQ AT TYPE key=value ...}, everything from the payload escaped for the terminal. */
    private static String line(String box, Payloads.EventMessage event, boolean claimsOther) {
        StringBuilder sb = new StringBuilder(box).append(' ').append(event.seq()).append(' ').append(event.at())
                .append(' ').append(TerminalText.escape(event.type()));
        event.fields().forEach((k, v) -> sb.append(' ').append(TerminalText.escape(k)).append('=')
                .append(TerminalText.escape(v)));
        if (claimsOther) {
            sb.append(" claimedBox=").append(TerminalText.escape(event.box()));
        }
        return sb.toString();
    }

    /** The event's JSON with the topic's box as {@code box}, and what the payload claimed as {@code claimedBox}. */
    private static String asJson(byte[] payload, String box, String claimed) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(payload);
            node.put("box", box);
            if (claimed != null) {
                node.put("claimedBox", claimed);
            }
            return JSON.writeValueAsString(node);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("an event that parsed once no longer does", e);
        }
    }

    private static void report(PrintWriter err, String text) {
        err.println("smartbox: " + text);
        err.flush();
    }
}
