package org.smartbox.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleLogger;

/**
 * An slf4j-simple logger that follows the level set at run time, can count a library's errors as
 * debug output, and writes one line per event with its syslog priority when the journal reads it.
 */
final class SmartboxLogger extends SimpleLogger {

    private static final long serialVersionUID = 1L;
    private static final String LEVEL_KEY = "org.slf4j.simpleLogger.log.";
    private static final Properties FILE_SETTINGS = fileSettings();

    /** True when the logging settings name a level for this logger (or a parent): that level stands. */
    private final boolean ownLevel;

    SmartboxLogger(String name) {
        super(name);
        ownLevel = ownLevel(name);
        Logging.level().ifPresent(this::follow);
        Logging.register(this);
    }

    void follow(Level level) {
        if (!ownLevel) {
            currentLogLevel = level.toInt();
        }
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        Level effective = level;
        if (Logging.demoted(name) && level.toInt() > Level.DEBUG.toInt()) {
            effective = Level.DEBUG;
            if (!isLevelEnabled(effective.toInt())) {
                return;
            }
        }
        if (!Logging.journal()) {
            super.handleNormalizedLoggingCall(effective, marker, pattern, arguments, throwable);
            return;
        }
        // One event, one line: the journal makes each line an entry, and a stack trace over thirty
        // entries at the default priority would slip past `journalctl -p warning`.
        StringBuilder line = new StringBuilder(oneLine(MessageFormatter.basicArrayFormat(pattern, arguments)));
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            line.append(t == throwable ? ": " : " | caused by: ").append(oneLine(t.toString()));
            for (StackTraceElement frame : t.getStackTrace()) {
                line.append(" | at ").append(frame);
            }
        }
        super.handleNormalizedLoggingCall(effective, marker, line.toString(), null, null);
    }

    @Override
    protected String renderLevel(int levelInt) {
        String name = super.renderLevel(levelInt);
        if (!Logging.journal()) {
            return name;
        }
        Level level = switch (levelInt) {
            case LOG_LEVEL_ERROR -> Level.ERROR;
            case LOG_LEVEL_WARN -> Level.WARN;
            case LOG_LEVEL_INFO -> Level.INFO;
            case LOG_LEVEL_DEBUG -> Level.DEBUG;
            default -> Level.TRACE;
        };
        return "<" + Logging.priority(level) + ">" + name;
    }

    private static String oneLine(String text) {
        return text == null ? "null" : text.replace("\r\n", " | ").replace('\n', ' ').replace('\r', ' ');
    }

    private static boolean ownLevel(String name) {
        String n = name;
        while (true) {
            if (System.getProperty(LEVEL_KEY + n) != null || FILE_SETTINGS.getProperty(LEVEL_KEY + n) != null) {
                return true;
            }
            int dot = n.lastIndexOf('.');
            if (dot < 0) {
                return false;
            }
            n = n.substring(0, dot);
        }
    }

    private static Properties fileSettings() {
        Properties properties = new Properties();
        try (InputStream in = SmartboxLogger.class.getResourceAsStream("/simplelogger.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // slf4j-simple then has no file settings either.
        }
        return properties;
    }
}
