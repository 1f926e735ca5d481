package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A consumer's view of each box's event numbers: next, duplicate, gap, or a sequence that started over. */
class EventSequenceTest {

    @Test
    void theFirstEventOfABoxIsTakenAsItComesThenEachNextOneFollows() {
        EventSequence seq = new EventSequence();
        assertEquals(new EventSequence.Verdict.Next(), seq.see("SB-DEMO", "s1", 41));
        assertEquals(new EventSequence.Verdict.Next(), seq.see("SB-DEMO", "s1", 42));
        assertEquals(new EventSequence.Verdict.Next(), seq.see("SB-OTHER", "s9", 0), "boxes are apart");
    }

    @Test
    void anEventSeenBeforeIsADuplicate() {
        EventSequence seq = new EventSequence();
        seq.see("SB-DEMO", "s1", 5);
        seq.see("SB-DEMO", "s1", 6);
        assertEquals(new EventSequence.Verdict.Duplicate(), seq.see("SB-DEMO", "s1", 6));
        assertEquals(new EventSequence.Verdict.Duplicate(), seq.see("SB-DEMO", "s1", 2));
    }

    @Test
    void skippedNumbersAreAGap() {
        EventSequence seq = new EventSequence();
        seq.see("SB-DEMO", "s1", 5);
        assertEquals(new EventSequence.Verdict.Gap(6, 9), seq.see("SB-DEMO", "s1", 10));
        assertEquals(new EventSequence.Verdict.Next(), seq.see("SB-DEMO", "s1", 11));
    }

    @Test
    void anotherStreamIsASequenceThatStartedOverNotAFloodOfDuplicates() {
        EventSequence seq = new EventSequence();
        seq.see("SB-DEMO", "s1", 900);
        assertEquals(new EventSequence.Verdict.Restart("s1", 900, "s2"), seq.see("SB-DEMO", "s2", 0));
        assertEquals(new EventSequence.Verdict.Next(), seq.see("SB-DEMO", "s2", 1));
    }

    @Test
    void aBoxThatNamesNoStreamStillGetsGapsAndDuplicates() {
        EventSequence seq = new EventSequence();
        seq.see("SB-OLD", "", 1);
        assertEquals(new EventSequence.Verdict.Duplicate(), seq.see("SB-OLD", "", 1));
        assertEquals(new EventSequence.Verdict.Gap(2, 2), seq.see("SB-OLD", "", 3));
    }
}
