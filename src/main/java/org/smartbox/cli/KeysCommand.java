package org.smartbox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.smartbox.sync.Ed25519Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smartbox keys generate}: a key pair for signing app unlock grants, for the cloud side. */
@Command(name = "keys", mixinStandardHelpOptions = true, header = "Make signing keys for app unlock grants.",
        description = "For the cloud side: the private key signs grants, each box's config holds the public key.",
        subcommands = KeysCommand.Generate.class,
        footerHeading = "%nExample:%n", footer = "  smartbox keys generate --private-key cloud-grant.key")
final class KeysCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            header = "Make an Ed25519 key pair for signing app unlock grants.",
            description = {"The private key goes to FILE (mode 0600) for the cloud that signs grants; the line to"
                    + " put in each box's config (grants.publicKey=...) is printed."},
            footerHeading = "%nExample:%n", footer = "  smartbox keys generate --private-key cloud-grant.key")
    static final class Generate implements Callable<Integer> {

        @Option(names = "--private-key", paramLabel = "FILE", required = true,
                description = "Where to write the private key (must not exist).")
        Path privateKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Ed25519Keys.Base64Pair pair = Ed25519Keys.generate();
            try {
                Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
                Files.writeString(privateKey, pair.privateKey() + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException e) {
                err.println("smartbox: " + privateKey + ": already exists; not overwriting a key");
                return 1;
            } catch (IOException e) {
                err.println("smartbox: " + privateKey + ": cannot write: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println("grants.publicKey=" + pair.publicKey());
            return 0;
        }
    }
}
