package org.smartbox.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.smartbox.auth.CodeFactory;
import org.smartbox.auth.CodeHash;
import org.smartbox.auth.KeyedHash;

/**
 * One-time codes a test can predict: taken from a queue, then from a fixed sequence once the queue
 * is empty. Hashing and comparing are the real keyed hash, so a test exercises them too.
 */
public final class QueueCodes implements CodeFactory {

    private final KeyedHash hash = new KeyedHash("test one-time-code key, 32 bytes".getBytes(StandardCharsets.US_ASCII));
    private final Deque<String> queue = new ArrayDeque<>();
    private final List<String> issued = new ArrayList<>();
    private long next = 318274;

    public QueueCodes(String... codes) {
        queue.addAll(List.of(codes));
    }

    public QueueCodes then(String... codes) {
        queue.addAll(List.of(codes));
        return this;
    }

    @Override
    public String newCode() {
        String code;
        if (!queue.isEmpty()) {
            code = queue.poll();
        } else {
            // A spread of distinct 6-digit values, none of them a run of one digit.
            next = (next * 7919 + 104729) % 1_000_000;
            code = String.format("%06d", next);
        }
        issued.add(code);
        return code;
    }

    @Override
    public CodeHash hash(String code) {
        return CodeHash.of(hash.hash(code));
    }

    @Override
    public boolean matches(CodeHash storedHash, String typed) {
        return storedHash != null && hash.matches(storedHash.bytes(), typed);
    }

    /** Every code handed out so far, in order. */
    public List<String> issued() {
        return List.copyOf(issued);
    }
}
