package org.smartbox.systemd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** sd_notify over a real unix datagram socket, bound here the way systemd binds its notify socket. */
class SdNotifyTest {

    private static String receive(AFUNIXDatagramChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        channel.receive(buffer);
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    @Test
    void notificationsReachASocketGivenAsAPath(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("notify");
        try (AFUNIXDatagramChannel systemd = AFUNIXDatagramChannel.open()) {
            systemd.bind(AFUNIXSocketAddress.of(socket));
            try (SdNotify notify = SdNotify.open(socket.toString())) {
                notify.notify("READY=1\nSTATUS=Serving");
                notify.notify("WATCHDOG=1");
            }
            assertEquals("READY=1\nSTATUS=Serving", receive(systemd));
            assertEquals("WATCHDOG=1", receive(systemd));
        }
    }

    @Test
    void notificationsReachAnAbstractSocket() throws IOException {
        String name = "smartbox-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (AFUNIXDatagramChannel systemd = AFUNIXDatagramChannel.open()) {
            systemd.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
            try (SdNotify notify = SdNotify.open("@" + name)) {
                notify.notify("STOPPING=1");
            }
            assertEquals("STOPPING=1", receive(systemd));
        }
    }

    @Test
    @Timeout(10)
    void aVanishedSocketDoesNotStopTheBox(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("notify");
        try (SdNotify notify = SdNotify.open(socket.toString())) {
            try (AFUNIXDatagramChannel systemd = AFUNIXDatagramChannel.open()) {
                systemd.bind(AFUNIXSocketAddress.of(socket));
                notify.notify("READY=1");
                assertEquals("READY=1", receive(systemd));
            }
            // systemd gone (a daemon re-exec, a test harness torn down): sending fails, and must not throw.
            Files.deleteIfExists(socket);
            assertDoesNotThrow(() -> notify.notify("WATCHDOG=1"));
            assertDoesNotThrow(() -> notify.notify("WATCHDOG=1"));
            // Back again at the same path: the same notifier reaches it, nothing was given up for good.
            try (AFUNIXDatagramChannel systemd = AFUNIXDatagramChannel.open()) {
                systemd.bind(AFUNIXSocketAddress.of(socket));
                notify.notify("WATCHDOG=1");
                assertEquals("WATCHDOG=1", receive(systemd));
            }
        }
    }
}
