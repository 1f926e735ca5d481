package org.smartbox.hardware;

/**
 * The keypad's beeper. Every accepted key gives the same short beep (same pitch, same length, as
 * IEC 60839-11-1 asks, so a listener learns nothing about which key it was); outcomes have
 * patterns of their own.
 */
public interface Beeper extends AutoCloseable {

    /** What a beep says. */
    enum Pattern {
        /** One short beep: a key was taken. */
        KEY,
        /** Two short beeps: a pickup, return or service login went through. */
        SUCCESS,
        /** One long beep: refused (unknown, wrong code, denied). */
        ERROR,
        /** Three long beeps: the keypad locked itself. */
        LOCKOUT
    }

    /** Queues a pattern; returns at once. */
    void play(Pattern pattern);

    @Override
    void close();
}
