package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The guard between the socket and the MQTT client: it reads each packet's length before the body. */
class PacketSizeGuardTest {

    /** An MQTT packet: type byte, variable-length remaining length, body. */
    private static byte[] packet(int type, int bodyLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        FakeBroker.writeLength(out, bodyLength);
        for (int i = 0; i < bodyLength; i++) {
            out.write(i);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Reads the way a client does: header bytes one by one, then the body in pieces of {@code piece}. */
    private static byte[] readAll(InputStream in, int piece) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[piece];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void packetsWithinTheLimitPassUnchangedWhateverTheReadSizes() throws IOException {
        byte[] stream = concat(packet(0x20, 3), packet(0x30, 300), packet(0xD0, 0), packet(0x30, 1000));
        for (int piece : new int[] {1, 7, 64, 4096}) {
            assertArrayEquals(stream, readAll(new PacketSizeGuard(new ByteArrayInputStream(stream), 1004), piece));
        }
    }

    @Test
    void aPacketOneByteOverTheLimitIsRefusedBeforeItsBodyIsRead() {
        // 1 type byte + 2 length bytes + 1002 = 1005 bytes, one over the limit.
        byte[] stream = concat(packet(0x20, 3), packet(0x30, 1002));
        CountingStream source = new CountingStream(stream);
        IOException e = assertThrows(IOException.class, () -> readAll(new PacketSizeGuard(source, 1004), 4096));
        assertTrue(e.getMessage().contains("packet of 1005 bytes; this box takes at most 1004"), e.getMessage());
        assertEquals(5 + 3, source.read, "read up to the length of the big packet, nothing of its body");
    }

    @Test
    void aHeaderClaimingTwoHundredMegabytesIsRefusedAtOnce() {
        byte[] header = {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x64};
        IOException e = assertThrows(IOException.class,
                () -> readAll(new PacketSizeGuard(new ByteArrayInputStream(header), 256 * 1024), 4096));
        assertTrue(e.getMessage().contains("mqtt.maxMessageBytes"), e.getMessage());
    }

    @Test
    void aLengthOfMoreThanFourBytesIsMalformed() {
        byte[] header = {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        IOException e = assertThrows(IOException.class,
                () -> readAll(new PacketSizeGuard(new ByteArrayInputStream(header), Long.MAX_VALUE), 4096));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    /** Counts the bytes taken from it. */
    private static final class CountingStream extends ByteArrayInputStream {
        int read;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
