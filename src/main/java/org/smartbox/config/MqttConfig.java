package org.smartbox.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The optional {@code mqtt.*} section: how the box reaches its fleet broker. Present when
 * {@code mqtt.broker} is set. Plain {@code tcp://} is refused for anything but a loopback broker
 * unless {@code mqtt.allowPlaintext=true}: the link carries audit events and, with the cloud SMS
 * gateway, one-time codes.
 */
public record MqttConfig(
        URI broker,
        String clientId,
        Optional<Path> usernameFile,
        Optional<Path> passwordFile,
        Optional<Path> caFile,
        Optional<Path> clientCertFile,
        Optional<Path> clientKeyFile,
        boolean allowPlaintext,
        Duration keepAlive,
        Duration connectTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        int eventBatch,
        Duration statusInterval,
        Duration smsAckTimeout,
        int maxMessageBytes,
        Duration partTimeout,
        Duration sessionExpiry) {

    /** The default and the bounds of {@code mqtt.maxMessageBytes}: AWS IoT Core takes 128 KB, EMQX 1 MB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    public static final int MIN_MAX_MESSAGE_BYTES = 16 * 1024;
    public static final int MAX_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** MQTT client ids end up in broker logs and ACLs: keep them plain. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** The section, or empty when {@code mqtt.broker} is not set (and no other mqtt key is). */
    public static Optional<MqttConfig> from(ConfigFile f, String boxId) {
        Optional<String> brokerText = f.optional("mqtt.broker");
        if (brokerText.isEmpty()) {
            for (String key : f.keysStartingWith("mqtt.")) {
                if (!key.equals("mqtt.broker")) {
                    throw f.problem("mqtt.broker", "missing, but " + key + " is set; set the broker or remove the"
                            + " mqtt section");
                }
            }
            return Optional.empty();
        }
        boolean allowPlaintext = f.bool("mqtt.allowPlaintext", false);
        URI broker;
        try {
            broker = broker(brokerText.get(), allowPlaintext);
        } catch (IllegalArgumentException e) {
            throw f.problem("mqtt.broker", e.getMessage());
        }
        String clientId = f.matching("mqtt.clientId", boxId, CLIENT_ID, "1-64 letters, digits, '.', '-' or '_'");
        Optional<Path> username = readableFile(f, "mqtt.usernameFile");
        Optional<Path> password = readableFile(f, "mqtt.passwordFile");
        if (password.isPresent() && username.isEmpty()) {
            throw f.problem("mqtt.passwordFile", "needs mqtt.usernameFile too (MQTT sends no password without a user)");
        }
        Optional<Path> ca = readableFile(f, "mqtt.caFile");
        Optional<Path> cert = readableFile(f, "mqtt.clientCertFile");
        Optional<Path> key = readableFile(f, "mqtt.clientKeyFile");
        if (cert.isPresent() != key.isPresent()) {
            throw f.problem(cert.isPresent() ? "mqtt.clientKeyFile" : "mqtt.clientCertFile",
                    "mqtt.clientCertFile and mqtt.clientKeyFile go together");
        }
        boolean tls = isTls(broker);
        for (String tlsKey : new String[] {"mqtt.caFile", "mqtt.clientCertFile"}) {
            if (!tls && f.optional(tlsKey).isPresent()) {
                throw f.problem(tlsKey, "only used with an ssl:// broker");
            }
        }
        Duration reconnectMin = f.seconds("mqtt.reconnectMinSeconds", 1, 1, 3600);
        Duration reconnectMax = f.seconds("mqtt.reconnectMaxSeconds", 60, 1, 3600);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw f.problem("mqtt.reconnectMaxSeconds", "must be at least mqtt.reconnectMinSeconds");
        }
        return Optional.of(new MqttConfig(broker, clientId, username, password, ca, cert, key, allowPlaintext,
                f.seconds("mqtt.keepAliveSeconds", 30, 5, 1200),
                f.seconds("mqtt.connectTimeoutSeconds", 10, 1, 300),
                reconnectMin,
                reconnectMax,
                f.integer("mqtt.eventBatch", 200, 1, 1000),
                f.seconds("mqtt.statusSeconds", 60, 5, 86_400),
                f.seconds("mqtt.smsAckSeconds", 20, 1, 300),
                f.integer("mqtt.maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES, MIN_MAX_MESSAGE_BYTES,
                        MAX_MAX_MESSAGE_BYTES),
                f.seconds("mqtt.partTimeoutSeconds", 600, 10, 86_400),
                // A week by default: the broker keeps what the cloud sends while the box is away that long
                // (brokers may cap it lower: the box logs what the broker granted).
                f.seconds("mqtt.sessionExpirySeconds", 7 * 86_400, 60, Integer.MAX_VALUE)));
    }

    /**
     * Checks a broker URL: {@code ssl://host[:port]} (default port 8883) or {@code tcp://host[:port]}
     * (1883), the latter only to a loopback host unless plaintext is allowed. The message of the
     * exception is the reason, for a config error or a command-line error alike.
     */
    public static URI broker(String text, boolean allowPlaintext) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a URL (ssl://host:8883 or tcp://127.0.0.1:1883)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ssl") && !scheme.equals("tcp")) {
            throw new IllegalArgumentException("\"" + text + "\" must start with ssl:// (TLS) or tcp://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("\"" + text + "\" names no host");
        }
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("\"" + text + "\" must be just scheme://host:port (credentials go in"
                    + " files)");
        }
        int port = uri.getPort() < 0 ? (scheme.equals("ssl") ? 8883 : 1883) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1..65535");
        }
        if (scheme.equals("tcp") && !allowPlaintext && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("tcp:// sends everything in the clear; use ssl:// for "
                    + uri.getHost() + " (or set allowPlaintext for a network you trust)");
        }
        return URI.create(scheme + "://" + uri.getHost() + ":" + port);
    }

    public static boolean isTls(URI broker) {
        return "ssl".equals(broker.getScheme());
    }

    /** True for a loopback literal or {@code localhost}; never resolves other names (no DNS at config time). */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True when this link carries data only over TLS or on this machine. */
    public boolean privateLink() {
        return isTls(broker) || isLoopback(broker.getHost());
    }

    /** A secret file (the MQTT password, the client key) that every user of the machine may read. */
    public record OpenSecret(String key, Path file, String mode) {
        public String problem() {
            return file + " is readable by every user of this machine (mode " + mode + "); chmod o-rwx it"
                    + " (0600, or 0640 for the service's group)";
        }
    }

    /** The secret files of this section that others may read: the box refuses to start with one. */
    public java.util.List<OpenSecret> openSecrets() {
        java.util.List<OpenSecret> open = new java.util.ArrayList<>();
        passwordFile.flatMap(file -> openToOthers("mqtt.passwordFile", file)).ifPresent(open::add);
        clientKeyFile.flatMap(file -> openToOthers("mqtt.clientKeyFile", file)).ifPresent(open::add);
        return open;
    }

    /** The file's mode when others may read or write it; empty when not (or where there are no POSIX modes). */
    public static Optional<OpenSecret> openToOthers(String key, Path file) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            boolean open = perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                    || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
            return open ? Optional.of(new OpenSecret(key, file, octal(perms))) : Optional.empty();
        } catch (UnsupportedOperationException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String octal(java.util.Set<java.nio.file.attribute.PosixFilePermission> perms) {
        int mode = 0;
        for (java.nio.file.attribute.PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format(Locale.ROOT, "%04o", mode);
    }

    private static Optional<Path> readableFile(ConfigFile f, String key) {
        Optional<Path> path = f.path(key);
        if (path.isPresent() && !Files.isReadable(path.get())) {
            throw f.problem(key, path.get() + ": no such file, or not readable");
        }
        return path;
    }
}
