package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheMaximum() {
        Backoff full = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.999_999);
        long[] expected = {1000, 2000, 4000, 8000, 10_000, 10_000};
        for (long e : expected) {
            assertEquals(e, full.nextMillis(), 1);
        }
    }

    @Test
    void jitterDrawsEachDelayBetweenATenthOfTheMinimumAndTheWholeStep() {
        Backoff low = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), () -> 0.0);
        assertEquals(200, low.nextMillis());
        assertEquals(200, low.nextMillis());
        Backoff random = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Math::random);
        for (int i = 0; i < 50; i++) {
            long step = Math.min(60_000, 1000L << Math.min(i, 10));
            long delay = random.nextMillis();
            assertTrue(delay >= 100 && delay <= step, i + ": " + delay + " for step " + step);
        }
    }

    @Test
    void aThousandBoxesCutOffTogetherComeBackSpreadOverTheStep() {
        Random seeded = new Random(17);
        int[] perTenth = new int[10];
        for (int box = 0; box < 1000; box++) {
            long delay = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), seeded::nextDouble).nextMillis();
            perTenth[(int) Math.min(9, delay / 100)]++;
        }
        for (int tenth = 0; tenth < 10; tenth++) {
            // Even spread is 100 a tenth (the first tenth holds none below the floor): never a crowd.
            assertTrue(perTenth[tenth] < 150, "tenth " + tenth + ": " + perTenth[tenth] + " of 1000 boxes");
        }
    }

    @Test
    void aWorkingConnectionStartsOverFromTheMinimum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999_999);
        backoff.nextMillis();
        backoff.nextMillis();
        backoff.reset();
        assertEquals(1000, backoff.nextMillis(), 1);
    }
}
