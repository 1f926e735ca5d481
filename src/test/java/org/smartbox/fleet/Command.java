package org.smartbox.fleet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.smartbox.cli.Main;

/** A {@code smartbox} command run in this JVM, as the shell would run it, its output kept. */
final class Command {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> status;
    private final long started = System.nanoTime();

    private Command(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        status = CompletableFuture.supplyAsync(() -> Main.execute(args, o, e));
    }

    /** Starts the command in the background. */
    static Command start(String... args) {
        return new Command(args);
    }

    /** Runs the command to its end (at most a minute). */
    static Command run(String... args) throws Exception {
        Command c = new Command(args);
        c.status(60);
        return c;
    }

    int status(int seconds) throws Exception {
        return status.get(seconds, TimeUnit.SECONDS);
    }

    /** Seconds from start to end (after {@link #status}). */
    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    List<String> outLines() {
        String text = out();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** Waits until {@code smartbox events} says it listens: nothing published after is missed. */
    Command awaitListening() {
        Awaitility.await("listening").atMost(Duration.ofSeconds(20)).until(() -> err().contains("listening to "));
        return this;
    }
}
