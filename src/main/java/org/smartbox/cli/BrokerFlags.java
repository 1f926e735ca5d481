package org.smartbox.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.smartbox.config.MqttConfig;
import org.smartbox.fleet.BrokerAccess;
import picocli.CommandLine.Option;

/** How the operator commands reach the fleet broker: the same rules as the box's {@code mqtt.*} keys. */
final class BrokerFlags {

    @Option(names = "--broker", required = true, paramLabel = "URL",
            description = {"The fleet broker, for example:", "  ssl://fleet.example.com:8883",
                    "  tcp://127.0.0.1:1883 (this machine only)"})
    String broker;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA certificate(s) that signed the broker's"
            + " certificate (default: the JVM's trusted roots).")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate (with --key).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert (PKCS#8, PKCS#1 RSA or"
            + " SEC1 EC; unencrypted).")
    Path key;

    @Option(names = "--username-file", paramLabel = "FILE", description = "File holding the MQTT user name.")
    Path usernameFile;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the MQTT password.")
    Path passwordFile;

    @Option(names = "--allow-plaintext", description = "Allow tcp:// to a broker that is not on this machine.")
    boolean allowPlaintext;

    @Option(names = "--client-id", paramLabel = "ID", description = "MQTT client id (default: a random one).")
    String clientId;

    /** A usage problem, said in one line: the command prints it and exits with status 2. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    /** A password file or client key every user of this machine may read: said on stderr (the box refuses them). */
    void warnOpenSecrets(java.io.PrintWriter err) {
        warnIfOpen(err, "--password-file", passwordFile);
        warnIfOpen(err, "--key", key);
        err.flush();
    }

    private static void warnIfOpen(java.io.PrintWriter err, String option, Path file) {
        if (file != null) {
            MqttConfig.openToOthers(option, file).ifPresent(open -> err.println("smartbox: warning: " + option + ": "
                    + open.problem()));
        }
    }

    BrokerAccess access() throws Problem {
        URI uri;
        try {
            uri = MqttConfig.broker(broker, allowPlaintext);
        } catch (IllegalArgumentException e) {
            throw new Problem("--broker: " + e.getMessage());
        }
        if ((cert == null) != (key == null)) {
            throw new Problem("--cert and --key go together");
        }
        if (!MqttConfig.isTls(uri) && (ca != null || cert != null)) {
            throw new Problem("--ca, --cert and --key need an ssl:// broker");
        }
        if (passwordFile != null && usernameFile == null) {
            throw new Problem("--password-file needs --username-file");
        }
        for (Path file : new Path[] {ca, cert, key, usernameFile, passwordFile}) {
            if (file != null && !Files.isReadable(file)) {
                throw new Problem(file + ": no such file, or not readable");
            }
        }
        return new BrokerAccess(uri, Optional.ofNullable(usernameFile), Optional.ofNullable(passwordFile),
                Optional.ofNullable(ca), Optional.ofNullable(cert), Optional.ofNullable(key));
    }
}
