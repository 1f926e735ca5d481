package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@code smartbox run} as systemd runs it: the built jar as a process, the bench config, a notify
 * socket bound by the test in systemd's place, and SIGTERM to stop it.
 */
class RunProcessIT {

    @TempDir
    Path dir;

    private Path benchConfig() throws IOException {
        String bench = Files.readString(SimProcess.projectDir().resolve("device-config/bench.properties"));
        Path config = dir.resolve("bench.properties");
        Files.writeString(config, bench.replace("sms.file=smartbox-bench-sms.txt", "sms.file=" + dir.resolve("sms.txt")));
        return config;
    }

    private ProcessBuilder smartbox(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", SimProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private static String receive(AFUNIXDatagramSocket socket, String expectedStart) throws IOException {
        byte[] buffer = new byte[4096];
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String state = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            if (state.startsWith(expectedStart)) {
                return state;
            }
        }
        throw new AssertionError("no " + expectedStart + " from the service");
    }

    private static String stderr(Process process) throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void speaksSdNotifyAndStopsCleanlyOnSigterm() throws Exception {
        Path config = benchConfig();
        Path db = dir.resolve("bench.db");
        Path socketPath = dir.resolve("notify");
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(socketPath));
            systemd.setSoTimeout(1000);
            ProcessBuilder builder = smartbox("run", "--config", config.toString(), "--db", db.toString())
                    .redirectError(dir.resolve("stderr.txt").toFile()).redirectOutput(dir.resolve("stdout.txt").toFile());
            builder.environment().put("NOTIFY_SOCKET", socketPath.toString());
            builder.environment().put("WATCHDOG_USEC", "2000000");
            Process process = builder.start();
            try {
                assertTrue(receive(systemd, "READY=1").contains("STATUS=Serving: box SB-BENCH, 8 slots"));
                receive(systemd, "WATCHDOG=1");
                receive(systemd, "WATCHDOG=1");

                process.destroy(); // SIGTERM, as systemctl stop sends
                receive(systemd, "STOPPING=1");
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
                assertEquals(143, process.exitValue(), "the JVM's status after SIGTERM (SuccessExitStatus=143)");
            } finally {
                process.destroyForcibly();
            }
        }
        String log = Files.readString(dir.resolve("stderr.txt"));
        assertTrue(log.contains("all 8 latches held"), log);
        assertTrue(log.indexOf("all 8 latches held") < log.indexOf("serving"), "latches held before serving");
        assertTrue(log.contains("stopping: holding every latch"), log);

        Process audit = smartbox("audit", "--config", config.toString(), "--db", db.toString()).start();
        String out = new String(audit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(audit.waitFor(60, TimeUnit.SECONDS));
        String[] lines = out.strip().split("\n");
        assertTrue(lines[0].contains("STARTED box=SB-BENCH"), out);
        assertTrue(lines[lines.length - 1].endsWith("STOPPED"), out);
    }

    @Test
    void aBadConfigIsOneLineAndExit2BeforeAnyPinIsTouched() throws Exception {
        Path config = benchConfig();
        Files.writeString(config, Files.readString(config).replace("gpio.sensor.3=6", "gpio.sensor.3=17"));
        Process process = smartbox("run", "--config", config.toString()).start();
        String err = stderr(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        // One line, and no Pi4J line before it: the platform was never started.
        assertEquals("smartbox: " + config + ": gpio.sensor.3: GPIO 17 (the key sensor of slot 3) is already used by"
                + " gpio.latch.1", err.strip());
    }

    @Test
    void theSimulatorsConfigCannotRunABox() throws Exception {
        Process process = smartbox("run", "--config",
                SimProcess.projectDir().resolve("device-config/simulator.properties").toAbsolutePath().toString()).start();
        String err = stderr(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(err.strip().endsWith("simulator.properties: hardware.platform: missing; smartbox run drives real"
                + " parts: set gpiod (or mock for a bench box)"), err);
    }

    @Test
    void aGatewayTheBoxDoesNotHaveIsAConfigError() throws Exception {
        Path config = benchConfig();
        Files.writeString(config, Files.readString(config).replace("sms.gateways=file", "sms.gateways=cloud,file"));
        Process process = smartbox("run", "--config", config.toString()).start();
        String err = stderr(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals("smartbox: " + config + ": sms.gateways: \"cloud\" sends through the fleet broker;"
                + " set mqtt.broker", err.strip());
    }
}
