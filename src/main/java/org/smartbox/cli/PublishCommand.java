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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.smartbox.config.MqttConfig;
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
                + " (docs/mqtt.md has the topics), in parts when it is larger than one message the box takes."
                + " Prints what the box answers: 'applied version N' (exit 0), the rejection with its JSON path"
                + " (exit 1), nothing in time or nobody subscribed to deliver it to (exit 3), or, when the box is"
                + " offline, that the broker keeps the document for it until it reconnects (exit 4). Bad options or"
                + " files: exit 2."},
        footerHeading = "%nExamples:%n",
        footer = {"  smartbox publish delta-42.json --broker ssl://fleet.example.com:8883 \\",
                "      --ca fleet-ca.pem --username-file ops.user --password-file ops.pass",
                "  smartbox publish snapshot.json --broker tcp://127.0.0.1:1883"})
final class PublishCommand implements Callable<Integer> {

    static final int NO_ANSWER = 3;
    static final int QUEUED = 4;
    /** PUBACK reason code: the broker took the message, but no subscription matched it. */
    private static final int NO_SUBSCRIBERS = 0x10;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sync document (JSON), as for import.")
    Path file;

    @Mixin
    BrokerFlags flags;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the box's answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the box's answer as the JSON it sent.")
    boolean json;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "" + MqttConfig.DEFAULT_MAX_MESSAGE_BYTES,
            description = {"The largest message the box takes (its mqtt.maxMessageBytes, default ${DEFAULT-VALUE});",
                    "a larger document goes in parts. The broker's own limit, when it states one, also counts."})
    int maxMessageBytes;

    @Option(names = "--wait", description = {"When the box is offline, wait up to --timeout for it to come back and",
            "answer, instead of saying at once that the document is queued."})
    boolean waitForBox;

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
        if (maxMessageBytes < MqttConfig.MIN_MAX_MESSAGE_BYTES || maxMessageBytes > MqttConfig.MAX_MAX_MESSAGE_BYTES) {
            err.println("smartbox: --max-message-bytes takes " + MqttConfig.MIN_MAX_MESSAGE_BYTES + " to "
                    + MqttConfig.MAX_MAX_MESSAGE_BYTES);
            return Main.USAGE;
        }
        flags.warnOpenSecrets(err);
        Topics topics = new Topics(box);
        String sha = sha256(document);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (OperatorClient client = OperatorClient.connect(access, flags.clientId, timeout)) {
            // Listen before sending, so the answer cannot slip past; the retained status says whether the box is up.
            client.subscribe(topics.syncResult(), topics.status());
            long limit = Math.min(maxMessageBytes, client.serverMaxPacket());
            List<byte[]> messages = Payloads.messages(topics, document, sha, limit);
            if (messages.size() > 1) {
                err.println("smartbox: " + document.length + " bytes: sending " + messages.size() + " parts (messages"
                        + " of at most " + limit + " bytes)");
                err.flush();
            }
            boolean anyoneListening = false;
            for (byte[] message : messages) {
                anyoneListening |= client.publish(topics.sync(), message) != NO_SUBSCRIBERS;
            }
            Payloads.StatusView status = null;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                OperatorClient.Message message = left > 0 ? client.next(Math.min(left, 250)) : null;
                if (message == null) {
                    if (left > 0 && !(status != null && status.state().equals("offline") && !waitForBox)) {
                        continue;
                    }
                    return noAnswer(err, box, status, anyoneListening);
                }
                if (message.topic().equals(topics.status())) {
                    status = Payloads.parseStatus(message.payload()).orElse(status);
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

    /** No answer: queued for an offline box (exit 4), nobody subscribed, or a box that did not answer (exit 3). */
    private int noAnswer(PrintWriter err, String box, Payloads.StatusView status, boolean anyoneListening) {
        if (!anyoneListening) {
            err.println("smartbox: not delivered: nothing is subscribed to smartbox/" + box + "/sync (the box never"
                    + " connected to this broker, or the broker dropped its session)");
            return NO_ANSWER;
        }
        if (status != null && status.state().equals("offline")) {
            spec.commandLine().getOut().println("queued: " + box + " is offline" + (status.at().isEmpty() ? ""
                    : " (its status of " + status.at() + ")") + "; the broker keeps the document for it and the box"
                    + " applies it when it reconnects");
            spec.commandLine().getOut().flush();
            return QUEUED;
        }
        err.println("smartbox: no answer from " + box + " within " + timeoutSeconds + " s"
                + (status == null ? "" : " (its status says " + status.state() + ")"));
        return NO_ANSWER;
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
