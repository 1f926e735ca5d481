package org.smartbox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.smartbox.fleet.BrokerAccess;
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
                + " JSON with --json. An event seen again (same box and sequence number, after a reconnect) is"
                + " printed once. Runs until interrupted, --count or --for."},
        footerHeading = "%nExamples:%n",
        footer = {"  smartbox events --broker ssl://fleet.example.com:8883 --ca fleet-ca.pem --box SB-DEMO",
                "  smartbox events --broker tcp://127.0.0.1:1883 --json --count 100"})
final class EventsCommand implements Callable<Integer> {

    @Mixin
    BrokerFlags flags;

    @Option(names = "--box", paramLabel = "ID", description = "Only this box (default: every box).")
    String box;

    @Option(names = "--json", description = "Print each event as JSON, one per line.")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    Long count;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Long seconds;

    @Option(names = "--all", description = "Also print events seen before (duplicates).")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (box != null && !Topics.isBoxId(box)) {
            err.println("smartbox: --box: \"" + box + "\" is not a box id (letters, digits, - or _)");
            return Main.USAGE;
        }
        if ((count != null && count < 1) || (seconds != null && seconds < 1)) {
            err.println("smartbox: --count and --for take a number from 1");
            return Main.USAGE;
        }
        BrokerAccess access;
        try {
            access = flags.access();
        } catch (BrokerFlags.Problem e) {
            err.println("smartbox: " + e.getMessage());
            return Main.USAGE;
        }
        String topic = box == null ? Topics.allEvents() : new Topics(box).events();
        long end = seconds == null ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
        Map<String, Long> highest = new HashMap<>();
        long printed = 0;
        try (OperatorClient client = OperatorClient.connect(access, flags.clientId, Duration.ofSeconds(30))) {
            client.subscribe(topic);
            // On stderr, so that stdout stays events only: a script knows from here on nothing is missed.
            err.println("smartbox: listening to " + topic + " on " + access.broker());
            err.flush();
            while (count == null || printed < count) {
                long left = end == Long.MAX_VALUE ? 1000 : (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                OperatorClient.Message message = client.next(Math.min(left, 1000));
                if (message == null) {
                    continue;
                }
                Payloads.EventMessage event;
                try {
                    event = Payloads.parseEvent(message.payload());
                } catch (IOException e) {
                    err.println("smartbox: " + message.topic() + ": not an event (" + e.getMessage() + ")");
                    continue;
                }
                Long seen = highest.get(event.box());
                if (!all && seen != null && event.seq() <= seen) {
                    continue;
                }
                highest.merge(event.box(), event.seq(), Math::max);
                out.println(json ? Payloads.oneLine(message.payload()) : event.line());
                out.flush();
                printed++;
            }
            return 0;
        } catch (BrokerAccess.SetupException e) {
            err.println("smartbox: " + e.getMessage());
            return Main.USAGE;
        } catch (MqttException e) {
            err.println("smartbox: " + access.broker() + ": " + FleetLink.describe(e));
            return PublishCommand.NO_ANSWER;
        } catch (IOException e) {
            err.println("smartbox: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
