package org.smartbox.hardware;

/** The keypad: reports each key press once, as one of {@code 0-9 * # A B C D}. */
public interface Keypad extends AutoCloseable {

    void start(Listener listener);

    @Override
    void close();

    @FunctionalInterface
    interface Listener {
        void pressed(char key);
    }
}
