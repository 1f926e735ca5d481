package org.smartbox.fleet;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes from the broker, watched packet by packet: each MQTT packet's fixed header (a type byte
 * and a variable-length count of what follows) is read as it passes, and a packet larger than the
 * limit ends the connection before its body is read. MQTT 5 brokers honour the Maximum Packet Size
 * the box announces; this holds the limit also against one that does not, because the MQTT client
 * sizes its buffer from the header alone (a 256 MB header would be a 256 MB allocation).
 */
final class PacketSizeGuard extends FilterInputStream {

    /** Where in a packet the next byte falls. */
    private enum Part { TYPE, LENGTH, BODY }

    private final long limit;
    private Part part = Part.TYPE;
    private long length;
    private int lengthBytes;
    private int shift;
    private long left;

    PacketSizeGuard(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            if (part == Part.BODY) {
                consumed(1);
            } else {
                header(b);
            }
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (part != Part.BODY) {
            // Header bytes one at a time: the client reads them that way too.
            int b = read();
            if (b < 0) {
                return -1;
            }
            buffer[offset] = (byte) b;
            return 1;
        }
        int n = in.read(buffer, offset, (int) Math.min(count, left));
        if (n > 0) {
            consumed(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would lose track of packet boundaries; the client never skips.
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void header(int b) throws IOException {
        if (part == Part.TYPE) {
            part = Part.LENGTH;
            length = 0;
            lengthBytes = 0;
            shift = 0;
            return;
        }
        length |= (long) (b & 0x7F) << shift;
        shift += 7;
        lengthBytes++;
        if ((b & 0x80) != 0) {
            if (lengthBytes == 4) {
                throw new IOException("the broker sent a malformed packet length");
            }
            return;
        }
        long total = 1 + lengthBytes + length;
        if (total > limit) {
            throw new IOException("the broker sent a packet of " + total + " bytes; this box takes at most "
                    + limit + " (mqtt.maxMessageBytes)");
        }
        left = length;
        part = left == 0 ? Part.TYPE : Part.BODY;
    }

    private void consumed(long n) {
        left -= n;
        if (left == 0) {
            part = Part.TYPE;
        }
    }
}
