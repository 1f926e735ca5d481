package org.smartbox.logging;

import java.io.PrintStream;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that decides itself what is written, then has it written: it follows the level set at
 * run time ({@code --log-level}, {@code log.level}), can count a library's errors as debug output,
 * and, when the journal reads stderr, writes one line per event with its syslog priority. On a
 * terminal the line goes to slf4j-simple's logger of the same name, which formats it as always.
 */
final class SmartboxLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    /** slf4j-simple's logger of the same name, set to pass everything: this class filters. */
    private final transient Logger terminal;
    /** True when the logging settings name a level for this logger (or a parent): that level stands. */
    private final boolean ownLevel;
    private volatile int threshold;

    SmartboxLogger(String name, Logger terminal, LevelSettings settings) {
        this.name = name;
        this.terminal = terminal;
        OptionalInt own = settings.own(name);
        this.ownLevel = own.isPresent();
        this.threshold = own.orElse(settings.defaultLevel());
        Logging.level().ifPresent(this::follow);
        Logging.register(this);
    }

    void follow(Level level) {
        if (!ownLevel) {
            threshold = level.toInt();
        }
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(demoted(Level.INFO));
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(demoted(Level.WARN));
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(demoted(Level.ERROR));
    }

    /** The level a message logged at {@code level} counts at: debug for a demoted library's louder ones. */
    private Level demoted(Level level) {
        return Logging.demoted(name) && level.toInt() > Level.DEBUG.toInt() ? Level.DEBUG : level;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        Level effective = demoted(level);
        if (!enabled(effective)) {
            return;
        }
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        if (Logging.journal()) {
            journal(System.err, effective, name, message, throwable);
            return;
        }
        switch (effective) {
            case ERROR -> terminal.error(message, throwable);
            case WARN -> terminal.warn(message, throwable);
            case INFO -> terminal.info(message, throwable);
            case DEBUG -> terminal.debug(message, throwable);
            case TRACE -> terminal.trace(message, throwable);
        }
    }

    /**
     * One event, one line, as journald reads it: {@code <priority>LEVEL ShortName - message}, then
     * the error and its causes with their frames on the same line. The journal makes each line an
     * entry, and a stack trace over thirty entries at the default priority would slip past
     * {@code journalctl -p warning}; it stamps the time itself.
     */
    static void journal(PrintStream out, Level level, String name, String message, Throwable throwable) {
        StringBuilder line = new StringBuilder()
                .append('<').append(Logging.priority(level)).append('>').append(level.name()).append(' ')
                .append(name.substring(name.lastIndexOf('.') + 1)).append(" - ").append(oneLine(message));
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            line.append(t == throwable ? ": " : " | caused by: ").append(oneLine(t.toString()));
            for (StackTraceElement frame : t.getStackTrace()) {
                line.append(" | at ").append(frame);
            }
        }
        out.println(line);
    }

    private static String oneLine(String text) {
        return text == null ? "null" : text.replace("\r\n", " | ").replace('\n', ' ').replace('\r', ' ');
    }
}
