package org.smartbox.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * The levels the logging settings give: slf4j-simple's keys ({@code org.slf4j.simpleLogger.defaultLogLevel}
 * and {@code org.slf4j.simpleLogger.log.<name>}), from a system property first and from
 * {@code simplelogger.properties} in the jar second, as slf4j-simple itself reads them.
 */
final class LevelSettings {

    static final String PREFIX = "org.slf4j.simpleLogger.";
    static final String DEFAULT_KEY = PREFIX + "defaultLogLevel";
    private static final String LOGGER_KEY = PREFIX + "log.";

    private final Properties file;
    private final int defaultLevel;

    /** Reads the default level now: the provider then sets slf4j-simple's to let everything through. */
    LevelSettings(Properties file) {
        this.file = file;
        this.defaultLevel = read(DEFAULT_KEY).orElse(Level.INFO.toInt());
    }

    /** The settings of {@code simplelogger.properties} on the class path (none when it is missing). */
    static LevelSettings fromClassPath() {
        Properties properties = new Properties();
        try (InputStream in = LevelSettings.class.getResourceAsStream("/simplelogger.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // slf4j-simple then has no file settings either.
        }
        return new LevelSettings(properties);
    }

    /** Above every level: a logger set to {@code off} lets nothing through (slf4j-simple's number). */
    static final int OFF = Level.ERROR.toInt() + 10;

    /**
     * The threshold (a {@link Level#toInt()}, or {@link #OFF}) set for {@code name} or its nearest
     * parent, if the settings name one.
     */
    OptionalInt own(String name) {
        String n = name;
        while (true) {
            OptionalInt level = read(LOGGER_KEY + n);
            if (level.isPresent()) {
                return level;
            }
            int dot = n.lastIndexOf('.');
            if (dot < 0) {
                return OptionalInt.empty();
            }
            n = n.substring(0, dot);
        }
    }

    /** The threshold of every logger without one of its own: info unless the settings say otherwise. */
    int defaultLevel() {
        return defaultLevel;
    }

    /** A level name as slf4j-simple takes it (any case); a name it does not know counts as unset. */
    private OptionalInt read(String key) {
        String value = System.getProperty(key, file.getProperty(key));
        if (value == null) {
            return OptionalInt.empty();
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("OFF")) {
            return OptionalInt.of(OFF);
        }
        try {
            return OptionalInt.of(Level.valueOf(v).toInt());
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }
}
