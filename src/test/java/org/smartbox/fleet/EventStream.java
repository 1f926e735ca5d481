package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fleet consumer makes of a box's event topic: it drops a sequence number it has seen
 * (duplicates are allowed) and counts a gap when a new one is not the next. Tests expect no gap.
 */
final class EventStream {

    private final TestClient consumer;
    private final String topic;
    private long highest = -1;
    private long duplicates;
    private final List<String> gaps = new ArrayList<>();
    private final List<Payloads.EventMessage> events = new ArrayList<>();
    private long firstAt;
    private long lastAt;

    EventStream(TestClient consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /** Reads until the event with {@code seq} was seen; fails after {@code seconds}. */
    void awaitThrough(long seq, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (highest < seq) {
            long left = (end - System.nanoTime()) / 1_000_000;
            TestClient.Message m = left > 0 ? consumer.poll(left) : null;
            if (m == null) {
                fail("events stopped at seq " + highest + ", waiting for " + seq + "; gaps " + gaps);
            }
            if (!m.topic().equals(topic)) {
                continue;
            }
            Payloads.EventMessage event = Payloads.parseEvent(m.payload());
            long now = System.nanoTime();
            if (firstAt == 0) {
                firstAt = now;
            }
            lastAt = now;
            if (event.seq() <= highest) {
                duplicates++;
                continue;
            }
            if (event.seq() != highest + 1) {
                gaps.add((highest + 1) + ".." + (event.seq() - 1));
            }
            highest = event.seq();
            events.add(event);
        }
    }

    long highest() {
        return highest;
    }

    long duplicates() {
        return duplicates;
    }

    List<String> gaps() {
        return gaps;
    }

    List<Payloads.EventMessage> events() {
        return events;
    }

    /** Nanoseconds between the first and the last event read. */
    long spanNanos() {
        return lastAt - firstAt;
    }

    void resetClock() {
        firstAt = 0;
        lastAt = 0;
    }
}
