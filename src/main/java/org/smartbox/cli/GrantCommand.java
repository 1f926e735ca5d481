package org.smartbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.smartbox.sync.Grant;
import org.smartbox.sync.GrantSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox grant sign}: makes a signed app unlock grant by hand, for tests and support. */
@Command(name = "grant", mixinStandardHelpOptions = true, header = "Make app unlock grants by hand.",
        description = "For tests and support: the cloud makes these when an owner taps unlock in the app.",
        subcommands = GrantCommand.Sign.class,
        footerHeading = "%nExample:%n",
        footer = "  smartbox grant sign --private-key cloud-grant.key --box SB-DEMO --user u-ada --key k-9f")
final class GrantCommand {

    @Command(name = "sign", mixinStandardHelpOptions = true,
            header = "Print a signed grant that lets a user take a key for a short window.",
            description = "Prints the grant as JSON (docs/sync-format.md), signed with the cloud's private key.",
            footerHeading = "%nExample:%n",
            footer = "  smartbox grant sign --private-key cloud-grant.key --box SB-DEMO --user u-ada --key k-9f")
    static final class Sign implements Callable<Integer> {

        @Option(names = "--private-key", paramLabel = "FILE", required = true,
                description = "The cloud's private key (from 'smartbox keys generate').")
        Path privateKey;

        @Option(names = "--box", paramLabel = "ID", required = true, description = "The box id.")
        String box;

        @Option(names = "--user", paramLabel = "ID", required = true, description = "The user id.")
        String user;

        @Option(names = "--key", paramLabel = "ID", required = true, description = "The key id.")
        String key;

        @Option(names = "--grant-id", paramLabel = "ID", description = "Grant id (default: a random one).")
        String grantId;

        @Option(names = "--not-before", paramLabel = "INSTANT", converter = InstantConverter.class,
                description = "Start of the window (default: now).")
        Instant notBefore;

        @Option(names = "--valid-seconds", paramLabel = "N", defaultValue = "120",
                description = "Length of the window, at most 300 (default: ${DEFAULT-VALUE}).")
        int validSeconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (validSeconds < 1 || validSeconds > 300) {
                spec.commandLine().getErr().println("smartbox: --valid-seconds must be 1 to 300");
                return Main.USAGE;
            }
            String text;
            try {
                text = Files.readString(privateKey, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                spec.commandLine().getErr().println("smartbox: " + privateKey + ": cannot read: " + e.getMessage());
                return 1;
            }
            GrantSigner signer;
            try {
                signer = GrantSigner.fromBase64(text);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("smartbox: " + privateKey + ": not an Ed25519 private key");
                return 1;
            }
            Instant from = notBefore != null ? notBefore : Instant.now();
            String id = grantId != null ? grantId : "g-" + UUID.randomUUID();
            Grant grant = new Grant(id, box, user, key, from, from.plusSeconds(validSeconds));
            spec.commandLine().getOut().println(signer.sign(grant));
            return 0;
        }
    }
}
