package org.smartbox.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.smartbox.fleet.BrokerAccess;
import org.smartbox.fleet.FleetLink;
import org.smartbox.fleet.OperatorClient;
import org.smartbox.fleet.Payloads;
import org.smartbox.fleet.Topics;
import org.smartbox.kiosk.SyncService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox publish FILE --broker URL}: sends a sync document to the box it names and prints its answer. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        header = "Send a sync document to its box over the fleet broker and print the answer.",
        description = {"The document goes to the box it names (its boxId) on its sync topic"
                + " (docs/mqtt.md has the topics). Prints what the box answers: 'applied version N' (exit 0), the rejection"
                + " with its JSON path (exit 1), or nothing in time (exit 3). Bad options or files: exit 2."},
        footerHeading = "%nExamples:%n",
        footer = {"  smartbox publish delta-42.json --broker ssl://fleet.example.com:8883 \\",
                "      --ca fleet-ca.pem --username-file ops.user --password-file ops.pass",
                "  smartbox publish snapshot.json --broker tcp://127.0.0.1:1883"})
final class PublishCommand implements Callable<Integer> {

    static final int NO_ANSWER = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sync document (JSON), as for import.")
    Path file;

    @Mixin
    BrokerFlags flags;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the box's answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the box's answer as the JSON it sent.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            err.println("smartbox: --timeout takes 1 to 3600 seconds");
            return Main.USAGE;
        }
        BrokerAccess access;
        byte[] document;
        String box;
        try {
            access = flags.access();
            document = read(file);
            box = boxId(document).orElseThrow(() -> new BrokerFlags.Problem(file
                    + ": names no box (a top-level \"boxId\" of letters, digits, - or _)"));
        } catch (BrokerFlags.Problem e) {
            err.println("smartbox: " + e.getMessage());
            return Main.USAGE;
        }
        Topics topics = new Topics(box);
        String sha = sha256(document);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (OperatorClient client = OperatorClient.connect(access, flags.clientId, timeout)) {
            // Listen before sending, so the answer cannot slip past.
            client.subscribe(topics.syncResult(), topics.status());
            client.publish(topics.sync(), document);
            String lastState = null;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                OperatorClient.Message message = left > 0 ? client.next(left) : null;
                if (message == null) {
                    err.println("smartbox: no answer from " + box + " within " + timeoutSeconds + " s"
                            + (lastState == null ? "" : " (its status says " + lastState + ")"));
                    return NO_ANSWER;
                }
                if (message.topic().equals(topics.status())) {
                    lastState = Payloads.statusState(message.payload()).orElse(lastState);
                    continue;
                }
                Payloads.SyncResult result;
                try {
                    result = Payloads.parseResult(message.payload());
                } catch (IOException e) {
                    continue;
                }
                if (!sha.equals(result.sha256())) {
                    // The answer to someone else's document.
                    continue;
                }
                out.println(json ? Payloads.oneLine(message.payload()) : describe(result));
                if (!json) {
                    Payloads.warnings(message.payload()).forEach(w -> err.println("smartbox: warning: " + w));
                }
                return result.applied() ? 0 : 1;
            }
        } catch (BrokerAccess.SetupException e) {
            err.println("smartbox: " + e.getMessage());
            return Main.USAGE;
        } catch (MqttException e) {
            err.println("smartbox: " + access.broker() + ": " + FleetLink.describe(e));
            return NO_ANSWER;
        } catch (IOException e) {
            err.println("smartbox: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }

    static String describe(Payloads.SyncResult result) {
        switch (result.status()) {
            case "applied":
                return "applied version " + result.version() + (result.duplicate() ? " (already applied)" : "");
            case "rejected":
                return "rejected: " + result.message() + " (the box is at version " + result.currentVersion()
                        + (result.needSnapshot() ? "; it needs a snapshot" : "") + ")";
            default:
                return result.status() + ": " + result.message();
        }
    }

    private static byte[] read(Path file) throws BrokerFlags.Problem {
        try {
            if (Files.size(file) > SyncService.MAX_DOCUMENT_BYTES) {
                throw new BrokerFlags.Problem(file + ": larger than a box takes (" + SyncService.MAX_DOCUMENT_BYTES
                        + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BrokerFlags.Problem(file + ": no such file");
        } catch (IOException e) {
            throw new BrokerFlags.Problem(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The top-level {@code boxId}, read without building the whole document. */
    static Optional<String> boxId(byte[] document) {
        try (JsonParser parser = new JsonFactory().createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("boxId") && value == JsonToken.VALUE_STRING) {
                    String id = parser.getText();
                    return Topics.isBoxId(id) ? Optional.of(id) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
