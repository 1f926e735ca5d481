package org.smartbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar stays lean (issue 15): under 8 MB, natives only for Linux on x86-64, arm64 and armhf,
 * and on this machine every native the box loads is found in it.
 */
class JarContentsIT {

    /** 8 MB: the jar is read at every start of the box. */
    static final long MAX_BYTES = 8_000_000;

    /** A native library's folder for Linux on x86-64, arm64 or armhf, in each library's own naming. */
    private static final Pattern SUPPORTED = Pattern.compile(
            "(org/sqlite/native/Linux/(x86_64|aarch64|armv7)/"
                    + "|org/jline/nativ/Linux/(x86_64|arm64|armv7)/"
                    + "|natives/linux_(64|arm64|arm)/"
                    + "|lib/(amd64|aarch64|arm)-Linux-clang/jni/"
                    + "|lib/(aarch64|armhf)/pi4j-[a-z]+/)[^/]+");

    @Test
    void theJarIsUnderEightMegabytes() throws IOException {
        long size = Files.size(SimProcess.jar());
        assertTrue(size < MAX_BYTES, "target/smartbox.jar is " + size + " bytes, over " + MAX_BYTES);
    }

    @Test
    void everyNativeLibraryIsForLinuxOnABoxOrBenchArchitecture() throws IOException {
        try (ZipFile jar = new ZipFile(SimProcess.jar().toFile())) {
            List<String> natives = jar.stream().map(ZipEntry::getName).filter(JarContentsIT::isNative).toList();
            List<String> foreign = natives.stream().filter(n -> !SUPPORTED.matcher(n).matches()).toList();
            assertEquals(List.of(), foreign, "natives for another OS or architecture");
            // SQLite, jssc, junixsocket, JLine for x86-64, arm64, armhf; Pi4J's gpiod and linuxfs for the two arms.
            assertTrue(natives.size() >= 15, "natives missing: " + natives);
        }
    }

    @Test
    void theLibrariesTheBoxDoesNotUseAreGone() throws IOException {
        try (ZipFile jar = new ZipFile(SimProcess.jar().toFile())) {
            List<String> unused = jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("com/sun/jna/") || n.startsWith("com/jcraft/")
                            || n.startsWith("org/jline/builtins/") || n.startsWith("org/mockito/"))
                    .map(n -> n.substring(0, n.indexOf('/', n.indexOf('/') + 1) + 1))
                    .distinct().toList();
            assertEquals(List.of(), unused);
        }
    }

    /**
     * No class in two jars of the runtime class path (the shaded jar would keep one of them silently).
     * Instead of extra-enforcer-rules' banDuplicateClasses, which the offline repository does not have.
     */
    @Test
    void noClassComesFromTwoJars() throws IOException {
        String classpath = Files.readString(Path.of(System.getProperty("smartbox.runtimeClasspath",
                "target/runtime-classpath.txt"))).strip();
        Map<String, String> firstJar = new HashMap<>();
        Set<String> twice = new TreeSet<>();
        for (String file : classpath.split(java.io.File.pathSeparator)) {
            try (ZipFile jar = new ZipFile(file)) {
                jar.stream().map(ZipEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                        .forEach(n -> {
                            String other = firstJar.putIfAbsent(n, file);
                            if (other != null && !other.equals(file)) {
                                twice.add(n + " in " + Path.of(other).getFileName() + " and " + Path.of(file).getFileName());
                            }
                        });
            }
        }
        assertEquals(Set.of(), twice);
    }

    @Test
    void eachNativeTheBoxLoadsIsFoundOnThisMachine(@TempDir Path tmp) throws Exception {
        Path testClasses = Path.of(NativeProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder("java", "-Djava.io.tmpdir=" + tmp, "-cp",
                SimProcess.jar().toAbsolutePath() + java.io.File.pathSeparator + testClasses,
                NativeProbe.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("native=true"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("jssc ") && !l.endsWith("null")), out);
        assertTrue(out.contains("junixsocket true"), out);
        assertTrue(out.contains("jline true"), out);
        assertTrue(out.contains("jna false") && out.contains("jsch false"), out);
    }

    private static boolean isNative(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !n.endsWith("/") && (n.endsWith(".so") || n.contains(".so.") || n.endsWith(".dll")
                || n.endsWith(".dylib") || n.endsWith(".jnilib") || n.endsWith(".a"));
    }
}
