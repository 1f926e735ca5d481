package org.smartbox.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the broker: PEM files in the forms device fleets hand out, the server verified against the
 * configured CA and its host name, a client certificate where the broker asks for one. The CA, server
 * and client certificates are made with openssl for each run; skipped where openssl is missing.
 */
@Tag("mosquitto")
class TlsTest {

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        assumeTrue(openssl("version") == 0, "openssl is not installed: TLS tests skipped");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(pki.resolve("other.ext"), "subjectAltName=DNS:broker.example\n");
        for (String ca : List.of("ca", "rogue")) {
            run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".pem",
                    "-days", "2", "-subj", "/CN=" + ca);
        }
        certificate("server", "ca", "san.ext", "rsa");
        certificate("elsewhere", "ca", "other.ext", "rsa");
        certificate("client", "ca", null, "ec");
        // The forms device fleets hand out: PKCS#1 RSA (AWS IoT), SEC1 EC (openssl ecparam).
        run("genrsa", "-traditional", "-out", "pkcs1.key", "2048");
        run("pkcs8", "-topk8", "-in", "pkcs1.key", "-out", "encrypted.key", "-passout", "pass:secret");
    }

    private static void certificate(String name, String ca, String ext, String type) throws Exception {
        if (type.equals("ec")) {
            run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
        } else {
            run("genrsa", "-out", name + ".key", "2048");
        }
        run("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        if (ext == null) {
            run("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2");
        } else {
            run("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2", "-extfile", ext);
        }
    }

    private static void run(String... args) throws Exception {
        int status = openssl(args);
        assertEquals(0, status, "openssl " + String.join(" ", args) + ": "
                + Files.readString(pki.resolve("openssl.out")));
    }

    private static int openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true)
                    .redirectOutput(pki.resolve("openssl.out").toFile()).start();
        } catch (IOException e) {
            return -1;
        }
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void readsEveryKeyForm() throws Exception {
        assertEquals("EC", Pem.privateKey(pki.resolve("client.key")).getAlgorithm(), "SEC1 EC");
        assertTrue(Files.readString(pki.resolve("client.key")).contains("BEGIN EC PRIVATE KEY"));
        assertEquals("RSA", Pem.privateKey(pki.resolve("pkcs1.key")).getAlgorithm(), "PKCS#1 RSA");
        assertTrue(Files.readString(pki.resolve("pkcs1.key")).contains("BEGIN RSA PRIVATE KEY"));
        assertEquals("RSA", Pem.privateKey(pki.resolve("server.key")).getAlgorithm(), "PKCS#8 RSA");
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Path pkcs8 = Files.writeString(dir.resolve("ec8.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        PrivateKey back = Pem.privateKey(pkcs8);
        assertEquals(ec.getPrivate(), back, "PKCS#8 EC");
        IOException encrypted = assertThrows(IOException.class, () -> Pem.privateKey(pki.resolve("encrypted.key")));
        assertTrue(encrypted.getMessage().contains("encrypted"), encrypted.getMessage());
        assertThrows(IOException.class, () -> Pem.privateKey(pki.resolve("ca.pem")));
        Path chain = Files.writeString(dir.resolve("chain.pem"), Files.readString(pki.resolve("client.pem"))
                + Files.readString(pki.resolve("ca.pem")), StandardCharsets.US_ASCII);
        assertEquals(2, Pem.certificates(chain).size());
        assertThrows(IOException.class, () -> Pem.certificates(pki.resolve("client.key")));
    }

    @Test
    void boxConnectsOverTlsWithItsClientCertificate() throws Exception {
        int tlsPort = MosquittoBroker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), tlsListener(tlsPort));
             TestClient cloud = TestClient.connect(broker, "smartbox/SB-DEMO/status");
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config("ssl://127.0.0.1:" + tlsPort,
                     "mqtt.caFile=" + pki.resolve("ca.pem") + "\nmqtt.clientCertFile=" + pki.resolve("client.pem")
                             + "\nmqtt.clientKeyFile=" + pki.resolve("client.key") + "\n"))) {
            box.awaitConnected(15);
            assertEquals("online", FleetSyncTest.status(cloud, s -> true).state());
        }
    }

    @Test
    void aServerTheCaDidNotSignIsRefused() throws Exception {
        assertRefused("mqtt.caFile=" + pki.resolve("rogue.pem") + "\n" + clientCertificate(), "server");
    }

    @Test
    void aServerCertificateForAnotherHostIsRefused() throws Exception {
        assertRefused("mqtt.caFile=" + pki.resolve("ca.pem") + "\n" + clientCertificate(), "elsewhere");
    }

    @Test
    void noClientCertificateNoConnection() throws Exception {
        assertRefused("mqtt.caFile=" + pki.resolve("ca.pem") + "\n", "server");
    }

    private void assertRefused(String tlsConfig, String serverName) throws Exception {
        int tlsPort = MosquittoBroker.freePort();
        String listener = tlsListener(tlsPort).replace("server.", serverName + ".");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), listener);
             FleetBox box = FleetBox.start(dir.resolve("box.db"), FleetBox.config("ssl://127.0.0.1:" + tlsPort,
                     tlsConfig))) {
            await("the link stays down for 3 s").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("connected although it must not", () -> box.link().connected())
                    .until(() -> !box.link().connected());
            List<String> pickup = box.command("key 246800#");
            assertEquals("OK", pickup.get(pickup.size() - 1), "the box serves regardless");
        }
    }

    private static String clientCertificate() {
        return "mqtt.clientCertFile=" + pki.resolve("client.pem") + "\nmqtt.clientKeyFile=" + pki.resolve("client.key")
                + "\n";
    }

    private static String tlsListener(int port) {
        return "listener " + port + " 127.0.0.1\n"
                + "cafile " + pki.resolve("ca.pem") + "\n"
                + "certfile " + pki.resolve("server.pem") + "\n"
                + "keyfile " + pki.resolve("server.key") + "\n"
                + "require_certificate true\n";
    }
}
