package org.smartbox.fleet;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.smartbox.config.MqttConfig;

/**
 * How to reach a broker and prove who we are: its URL, user and password files, and the TLS files.
 * The box's link and the operator commands build their connect options here, so both verify the
 * server the same way: the configured CA (or the JVM's trusted roots) and the host name in the
 * server's certificate.
 */
public record BrokerAccess(URI broker, Optional<Path> usernameFile, Optional<Path> passwordFile,
                           Optional<Path> caFile, Optional<Path> clientCertFile, Optional<Path> clientKeyFile) {

    /** Which file a setup problem is about, so the caller can name its own key or option. */
    public enum Part { USERNAME, PASSWORD, CA, CLIENT_CERT, CLIENT_KEY }

    /** A file of the setup cannot be used. */
    public static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Part part;

        SetupException(Part part, Path file, String reason) {
            super(file + ": " + reason);
            this.part = part;
        }

        public Part part() {
            return part;
        }
    }

    public static BrokerAccess of(MqttConfig config) {
        return new BrokerAccess(config.broker(), config.usernameFile(), config.passwordFile(), config.caFile(),
                config.clientCertFile(), config.clientKeyFile());
    }

    public boolean tls() {
        return MqttConfig.isTls(broker);
    }

    /** Paho's server URI: {@code ssl://host:port} or {@code tcp://host:port}. */
    public String serverUri() {
        return broker.toString();
    }

    /**
     * MQTT 5 connect options with credentials read from their files and TLS set up, reading from the
     * broker through a guard that refuses any packet larger than {@code maxPacketBytes}, which is also
     * announced to the broker as the client's Maximum Packet Size. No automatic reconnect: callers do
     * their own, with back-off. Session and will are the caller's.
     */
    public MqttConnectionOptions connectOptions(Duration keepAlive, Duration connectTimeout, long maxPacketBytes)
            throws SetupException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) keepAlive.toSeconds());
        options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        options.setMaximumPacketSize(maxPacketBytes);
        if (usernameFile.isPresent()) {
            options.setUserName(firstLine(Part.USERNAME, usernameFile.get()));
        }
        if (passwordFile.isPresent()) {
            options.setPassword(firstLine(Part.PASSWORD, passwordFile.get()).getBytes(StandardCharsets.UTF_8));
        }
        if (tls()) {
            options.setSocketFactory(GuardedSockets.tls(socketFactory(), maxPacketBytes));
            // Paho checks the host name against the certificate as HTTPS does (RFC 2818, IP SANs too).
            options.setHttpsHostnameVerificationEnabled(true);
        } else {
            options.setSocketFactory(GuardedSockets.plain(maxPacketBytes));
        }
        return options;
    }

    /** A TLS socket factory trusting the CA file (else the JVM's roots), with the client key if given. */
    public SSLSocketFactory socketFactory() throws SetupException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isPresent()) {
                KeyStore roots = KeyStore.getInstance("PKCS12");
                roots.load(null, null);
                int i = 0;
                for (X509Certificate ca : read(Part.CA, caFile.get(), Pem::certificates)) {
                    roots.setCertificateEntry("ca-" + i++, ca);
                }
                trust.init(roots);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManager[] keys = null;
            if (clientCertFile.isPresent() && clientKeyFile.isPresent()) {
                List<X509Certificate> chain = read(Part.CLIENT_CERT, clientCertFile.get(), Pem::certificates);
                PrivateKey key = read(Part.CLIENT_KEY, clientKeyFile.get(), Pem::privateKey);
                if (key instanceof RSAPrivateCrtKey rsa && chain.get(0).getPublicKey() instanceof RSAPublicKey pub
                        && !rsa.getModulus().equals(pub.getModulus())) {
                    throw new SetupException(Part.CLIENT_KEY, clientKeyFile.get(),
                            "does not belong to the certificate in " + clientCertFile.get());
                }
                char[] password = new char[0];
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new SetupException(Part.CA, caFile.orElse(Path.of("TLS")), "TLS setup failed: " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T read(Part part, Path file, Reader<T> reader) throws SetupException {
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw new SetupException(part, file, e.getMessage());
        }
    }

    private static String firstLine(Part part, Path file) throws SetupException {
        String text = read(part, file, f -> Files.readString(f, StandardCharsets.UTF_8)).strip();
        int newline = text.indexOf('\n');
        String line = (newline < 0 ? text : text.substring(0, newline)).strip();
        if (line.isEmpty()) {
            throw new SetupException(part, file, "is empty");
        }
        return line;
    }
}
