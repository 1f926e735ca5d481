package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the built jar's {@code simulate --script} the way an outside tool does: one command line
 * in, lines out up to {@code OK} or {@code ERROR}. Keeps every line seen, for checks over a whole run.
 */
final class SimProcess implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String POISON = "\u0000end";

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private String ready;

    private SimProcess(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process went away; the poison below tells the reader.
            }
            lines.add(POISON);
        });
        pump.setDaemon(true);
        pump.start();
        Thread errors = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // ignored: only kept for failure messages
            }
        });
        errors.setDaemon(true);
        errors.start();
    }

    static Path jar() {
        String jar = System.getProperty("smartbox.jar", "target/smartbox.jar");
        Path path = Path.of(jar);
        assertTrue(Files.isRegularFile(path), "the jar must be built first: " + path);
        return path;
    }

    static Path projectDir() {
        return Path.of(System.getProperty("smartbox.projectDir", "."));
    }

    /** Copies the stories fixture ({@code e2e/stories.json}) into {@code dir}; returns its path. */
    static Path stories(Path dir) throws IOException {
        Path file = dir.resolve("stories.json");
        try (java.io.InputStream in = SimProcess.class.getResourceAsStream("/e2e/stories.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    /** Starts {@code java -jar smartbox.jar simulate --script ARGS} in {@code workDir} and reads up to READY. */
    static SimProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with options for the JVM (e.g. a log level). */
    static SimProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toAbsolutePath().toString(), "simulate", "--script"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).start();
        SimProcess sim = new SimProcess(process);
        List<String> first = sim.readUntil(l -> l.startsWith("READY"), 60);
        sim.ready = first.get(first.size() - 1);
        return sim;
    }

    String ready() {
        return ready;
    }

    /** Sends one command and returns its lines, ending with OK or ERROR. */
    List<String> send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        return readUntil(l -> l.equals("OK") || l.startsWith("ERROR"), 30);
    }

    /** Sends a command that must succeed. */
    List<String> ok(String command) throws IOException {
        List<String> out = send(command);
        assertEquals("OK", out.get(out.size() - 1), () -> "command " + command + " failed: " + out + errors());
        return out;
    }

    /** Sends a command that must fail; returns its ERROR line. */
    String error(String command) throws IOException {
        List<String> out = send(command);
        String last = out.get(out.size() - 1);
        assertTrue(last.startsWith("ERROR "), () -> "command " + command + " should fail: " + out);
        return last;
    }

    /** The six-digit code of the last SMS sent to {@code e164}. */
    String lastCodeTo(String e164) {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            String line = transcript.get(i);
            if (line.startsWith("SMS " + e164 + " ")) {
                Matcher m = CODE.matcher(line.substring(5 + e164.length()));
                assertTrue(m.find(), "no code in " + line);
                return m.group(1);
            }
        }
        fail("no SMS to " + e164 + " in " + transcript);
        return null;
    }

    List<String> transcript() {
        return List.copyOf(transcript);
    }

    /** Ends input, as a driver that is done does; returns the exit status. */
    int closeInput() throws IOException, InterruptedException {
        in.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the simulator did not exit after end of input");
        }
        drainRemaining();
        return process.exitValue();
    }

    int quit() throws IOException, InterruptedException {
        ok("quit");
        return closeInput();
    }

    String errors() {
        synchronized (stderr) {
            return stderr.length() == 0 ? "" : "\nstderr:\n" + stderr;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private List<String> readUntil(java.util.function.Predicate<String> end, int seconds) {
        List<String> got = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = lines.poll(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (line == null || line.equals(POISON)) {
                fail("simulator stopped answering after " + got + errors());
            }
            got.add(line);
            transcript.add(line);
            if (end.test(line)) {
                return got;
            }
        }
    }

    private void drainRemaining() {
        String line;
        while ((line = lines.poll()) != null) {
            if (!line.equals(POISON)) {
                transcript.add(line);
            }
        }
    }
}
