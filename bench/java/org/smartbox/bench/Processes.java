package org.smartbox.bench;

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
import java.util.concurrent.TimeUnit;

/** Child processes: the JVMs and tools measured, and what {@code /proc} says about them. */
final class Processes {

    private Processes() {
    }

    /** The java launcher of this JVM: children run on the same JDK. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A process with line-wise stdin and stdout; stderr goes to a file. */
    static final class Child implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final Writer in;
        final Path stderr;

        Child(List<String> command, Path workDir, Path stderr, java.util.Map<String, String> env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectError(stderr.toFile());
            pb.environment().putAll(env);
            this.stderr = stderr;
            this.process = pb.start();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        long pid() {
            return process.pid();
        }

        /** The next stdout line; fails with the child's stderr when it ended instead. */
        String line() throws IOException {
            String line = out.readLine();
            if (line == null) {
                throw new IOException("the child process ended early; its stderr: " + tail(stderr));
            }
            return line;
        }

        String lineStartingWith(String prefix) throws IOException {
            String line;
            do {
                line = line();
            } while (!line.startsWith(prefix));
            return line;
        }

        void send(String line) throws IOException {
            in.write(line);
            in.write('\n');
            in.flush();
        }

        /** Sends a command line and returns every line up to and including {@code OK} or {@code ERROR}. */
        List<String> command(String line) throws IOException {
            send(line);
            List<String> lines = new ArrayList<>();
            while (true) {
                String l = line();
                lines.add(l);
                if (l.equals("OK") || l.startsWith("ERROR")) {
                    return lines;
                }
            }
        }

        int waitFor(long seconds) throws InterruptedException, IOException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the child process did not end in " + seconds + " s");
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // it may be gone already
            }
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Runs a command to its end; returns its stdout. Fails on a non-zero status. */
    static String run(List<String> command, Path workDir, Path stderr, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(stderr.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not end in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with status " + p.exitValue() + ": "
                    + tail(stderr));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }

    /** A field of {@code /proc/PID/status} in kB (VmHWM, VmRSS). */
    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    /** User plus system CPU time of a process (or thread) in clock ticks, from its {@code stat} file. */
    static long cpuTicks(Path stat) throws IOException {
        String s = Files.readString(stat);
        // The command name may hold spaces; the fields after it are fixed.
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String threadName(Path stat) throws IOException {
        String s = Files.readString(stat);
        return s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
    }
}
