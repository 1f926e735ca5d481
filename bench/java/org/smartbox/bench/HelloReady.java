package org.smartbox.bench;

import java.io.IOException;

/**
 * The hello-world JVM the start-up and memory figures are compared with: prints {@code READY}, then
 * waits for stdin to close (so its memory can be read while it is still alive).
 */
public final class HelloReady {

    private HelloReady() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for end of input
        }
    }
}
