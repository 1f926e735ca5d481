package org.smartbox.fleet;

import java.util.HashMap;
import java.util.Map;

/**
 * What a consumer of {@code smartbox/+/events} makes of each box's sequence numbers: an event it has
 * seen is a duplicate (at least once allows them), one that skips numbers shows a gap, and one from
 * another event stream (the box's database was replaced) starts the sequence over. Keyed by the box
 * of the topic, never by what a payload claims.
 */
public final class EventSequence {

    /** What one event means for its box's sequence. */
    public sealed interface Verdict {
        /** The next event, or the first one seen of this box. */
        record Next() implements Verdict {
        }

        /** Seen before (same stream, a number at or below the highest seen). */
        record Duplicate() implements Verdict {
        }

        /** Events {@code from..to} never arrived; this one follows them. */
        record Gap(long from, long to) implements Verdict {
        }

        /** A new event stream: the box's log started over (its database was replaced). */
        record Restart(String oldStream, long oldHighest, String newStream) implements Verdict {
        }
    }

    private record Position(String stream, long highest) {
    }

    private final Map<String, Position> boxes = new HashMap<>();

    /** Judges one event of {@code box}; {@code stream} may be empty (a box that does not name it). */
    public Verdict see(String box, String stream, long seq) {
        Position at = boxes.get(box);
        if (at == null) {
            boxes.put(box, new Position(stream, seq));
            return new Verdict.Next();
        }
        if (!stream.isEmpty() && !at.stream().isEmpty() && !stream.equals(at.stream())) {
            boxes.put(box, new Position(stream, seq));
            return new Verdict.Restart(at.stream(), at.highest(), stream);
        }
        if (seq <= at.highest()) {
            return new Verdict.Duplicate();
        }
        boxes.put(box, new Position(stream.isEmpty() ? at.stream() : stream, seq));
        return seq == at.highest() + 1 ? new Verdict.Next() : new Verdict.Gap(at.highest() + 1, seq - 1);
    }
}
