package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The .deb that {@code mvn package} builds, checked as Debian checks a package (dpkg-deb, lintian),
 * then installed, run, removed and purged in a throw-away root by {@code src/deb/test-install}: the
 * README's install steps, word for word. The transcript goes to {@code target/deb-install.txt}.
 */
class DebianPackageIT {

    private static final Path DEB = Path.of(System.getProperty("smartbox.deb", "target/none.deb"));

    private record Run(int status, String output) {
    }

    private static Run run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }

    @Test
    void mvnPackageBuildsTheDebNamedForItsVersion() {
        assertTrue(Files.isRegularFile(DEB), "no package at " + DEB);
        assertTrue(DEB.getFileName().toString().matches("smartbox_[0-9][0-9A-Za-z.+~-]*_all\\.deb"), DEB.toString());
    }

    @Test
    void itsControlFieldsSayWhatItNeeds() throws Exception {
        assumeTrue(installed("dpkg-deb"), "dpkg-deb is not installed; skipped");
        Run info = run(60, "dpkg-deb", "--info", DEB.toString());
        assertEquals(0, info.status(), info.output());
        for (String field : List.of("Package: smartbox", "Architecture: all",
                "Depends: openjdk-17-jre-headless | java17-runtime-headless", "postinst", "prerm", "postrm",
                "conffiles", "triggers")) {
            assertTrue(info.output().contains(field), "dpkg-deb --info shows " + field + ":\n" + info.output());
        }
        Run listed = run(60, "sh", "-c", "dpkg-deb --ctrl-tarfile '" + DEB + "' | tar -xOf - ./conffiles");
        assertEquals("/etc/smartbox/smartbox.properties", listed.output().strip(), "the config is a conffile");
    }

    @Test
    void itHoldsEveryFileOfTheServiceWithItsMode() throws Exception {
        assumeTrue(installed("dpkg-deb"), "dpkg-deb is not installed; skipped");
        Run contents = run(60, "dpkg-deb", "--contents", DEB.toString());
        assertEquals(0, contents.status(), contents.output());
        for (String entry : List.of(
                "-rw-r--r-- root/root .* ./usr/share/smartbox/smartbox.jar",
                "-rwxr-xr-x root/root .* ./usr/bin/smartbox",
                "-rw-r--r-- root/root .* ./lib/systemd/system/smartbox.service",
                "-rw-r--r-- root/root .* ./etc/smartbox/smartbox.properties",
                "-rw-r--r-- root/root .* ./usr/lib/sysusers.d/smartbox.conf",
                "-rw-r--r-- root/root .* ./usr/lib/tmpfiles.d/smartbox.conf",
                "-rw-r--r-- root/root .* ./usr/share/bash-completion/completions/smartbox",
                "-rw-r--r-- root/root .* ./usr/share/man/man1/smartbox.1.gz",
                "-rw-r--r-- root/root .* ./usr/share/doc/smartbox/copyright",
                "-rw-r--r-- root/root .* ./usr/share/doc/smartbox/docs/config-reference.md",
                "-rw-r--r-- root/root .* ./usr/share/doc/smartbox/docs/simulator-protocol.md")) {
            assertTrue(Pattern.compile("(?m)^" + entry + "$").matcher(contents.output()).find(),
                    "dpkg-deb --contents has " + entry + ":\n" + contents.output());
        }
    }

    @Test
    void lintianFindsNoErrorOrWarning() throws Exception {
        assumeTrue(installed("lintian"), "lintian is not installed (.ci/run installs it); skipped");
        Run lintian = run(600, "lintian", "--fail-on", "error,warning", "--display-level", ">=warning",
                DEB.toString());
        assertEquals(0, lintian.status(), lintian.output());
        assertTrue(lintian.output().lines().noneMatch(l -> l.startsWith("E:") || l.startsWith("W:")), lintian.output());
    }

    @Test
    void installRunRemoveAndPurgeInAThrowAwayRoot() throws Exception {
        Run whoami = run(10, "id", "-u");
        assumeTrue(whoami.output().strip().equals("0"), "the throw-away root needs root (mounts, chroot); skipped");
        assumeTrue(installed("sudo") && installed("lintian"), "sudo is not installed (.ci/run installs it); skipped");
        Path script = Path.of(System.getProperty("smartbox.projectDir", ".")).resolve("src/deb/test-install");
        Run install = run(600, "bash", script.toString(), DEB.toAbsolutePath().toString());
        Files.writeString(DEB.resolveSibling("deb-install.txt"), install.output());
        String out = install.output();
        assertEquals(0, install.status(), out);
        assertTrue(out.contains("[installed: install ok installed "), out);
        assertTrue(Pattern.compile("\\$ smartbox --version\nsmartbox \\S+ \\(commit \\S+, built \\S+\\)\nJava (1[7-9]|[2-9][0-9])")
                .matcher(out).find(), "smartbox --version: " + out);
        assertTrue(Pattern.compile("uid=\\d+\\(smartbox\\).*groups=.*\\(dialout\\)").matcher(out).find()
                && out.contains("(gpio)") && out.contains("(i2c)"), "the service user and its groups: " + out);
        for (String mode : List.of("drwxr-x--- root:smartbox /etc/smartbox",
                "-rw-r----- root:smartbox /etc/smartbox/smartbox.properties",
                "drwx------ smartbox:smartbox /var/lib/smartbox", "drwx------ smartbox:smartbox /var/lib/smartbox/tmp",
                "-rw-r--r-- root:root /var/cache/smartbox/smartbox.jsa", "-rwxr-xr-x root:root /usr/bin/smartbox")) {
            assertTrue(out.contains(mode + "\n"), mode + " in\n" + out);
        }
        assertTrue(out.contains("$ systemd-analyze verify /lib/systemd/system/smartbox.service\n[exit 0]"), out);
        assertTrue(out.contains("$ smartbox config check\n/etc/smartbox/smartbox.properties: ok\n"), out);
        // One line for a bad document (the database is made on the way), exit 1.
        String imported = section(out, "$ sudo -u smartbox smartbox import");
        assertEquals(1, imported.lines().filter(l -> l.startsWith("smartbox: ")).count(), imported);
        assertTrue(imported.contains("smartbox: /tmp/bad.json: version:") && imported.contains("[exit 1]"), imported);
        assertTrue(imported.lines().noneMatch(l -> l.contains("[WARN]")), "no second line for the same error: " + imported);
        String diag = section(out, "$ sudo -u smartbox smartbox diag");
        assertTrue(Pattern.compile("config +ok +/etc/smartbox/smartbox.properties valid").matcher(diag).find(), diag);
        assertTrue(Pattern.compile("database +ok").matcher(diag).find(), diag);
        String denied = section(out, "$ sudo -u nobody smartbox diag");
        assertTrue(denied.contains("permission denied: run as the smartbox user"), denied);
        assertTrue(out.contains("smartbox.properties /var/lib/smartbox kept]"), "remove keeps config and data: " + out);
        assertTrue(out.contains("[after purge: /etc/smartbox gone, /var/lib/smartbox gone, /var/cache/smartbox gone"),
                out);
    }

    /** The output of one step: from its "$ command" line to the next step. */
    private static String section(String transcript, String start) {
        int from = transcript.indexOf(start);
        assertTrue(from >= 0, "no step " + start + " in\n" + transcript);
        int to = transcript.indexOf("\n$ ", from + 1);
        return transcript.substring(from, to < 0 ? transcript.length() : to);
    }
}
