package org.smartbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The software version, the commit it was built from and when ("dev" when run from unbuilt classes). */
public final class Versions implements IVersionProvider {

    private static final Properties BUILD = read();

    public static String current() {
        String version = Versions.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = built("version");
        }
        return version == null ? "dev" : version;
    }

    /** The abbreviated commit id, with "-dirty" when the tree had changes, or "unknown" outside git. */
    static String commit() {
        String commit = built("commit");
        if (commit == null) {
            return "unknown";
        }
        return "true".equals(built("dirty")) ? commit + "-dirty" : commit;
    }

    /** When the jar was built (UTC, ISO-8601), or "unknown". */
    static String buildDate() {
        String date = built("date");
        return date == null ? "unknown" : date;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"smartbox " + current() + " (commit " + commit() + ", built " + buildDate() + ")",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")"};
    }

    /** A build value, or null when the build did not fill it in. */
    private static String built(String key) {
        String value = BUILD.getProperty(key);
        return value == null || value.isBlank() || value.startsWith("${") ? null : value.strip();
    }

    private static Properties read() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/org/smartbox/build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // then every value is "unknown"
        }
        return properties;
    }
}
