package org.smartbox.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.event.Level;

/**
 * How the program logs: for journald (one line per event, a syslog priority prefix, no timestamp of
 * its own, since the journal stamps each line) or for a terminal (slf4j-simple's usual lines); at
 * which level; and which library chatter counts for less than its author thought. Set up once, by the
 * command line, before the first logger is made.
 */
public final class Logging {

    /** The level names {@code log.level} and {@code --log-level} take, quietest first. */
    public static final List<String> LEVEL_NAMES = List.of("error", "warn", "info", "debug", "trace");

    private static volatile boolean journal;
    private static volatile Level level;
    private static volatile boolean fromCommandLine;
    private static final List<String> demoted = new CopyOnWriteArrayList<>();
    private static final List<SmartboxLogger> loggers = new CopyOnWriteArrayList<>();

    private Logging() {
    }

    /**
     * Picks this program's SLF4J provider and, when stderr is the journal's stream (systemd sets
     * {@code JOURNAL_STREAM} to its device and inode), the journal's line format. Must run before
     * the first logger is made: SLF4J picks its provider once.
     */
    public static void setUp(Map<String, String> environment) {
        System.setProperty("slf4j.provider", SmartboxLogProvider.class.getName());
        // SLF4J would say on stderr that it honoured the line above.
        System.setProperty("slf4j.internal.verbosity", "WARN");
        journal = stderrIsJournal(environment.get("JOURNAL_STREAM"), Path.of("/proc/self/fd/2"));
    }

    /**
     * True when {@code journalStream} ("device:inode") names the stream {@code stderr} is. A child
     * of the service whose stderr was redirected keeps the variable but not the stream; when the
     * stream cannot be examined, the variable is trusted.
     */
    static boolean stderrIsJournal(String journalStream, Path stderr) {
        if (journalStream == null || !journalStream.matches("[0-9]+:[0-9]+")) {
            return false;
        }
        try {
            Object dev = Files.getAttribute(stderr, "unix:dev");
            Object ino = Files.getAttribute(stderr, "unix:ino");
            return journalStream.equals(dev + ":" + ino);
        } catch (Exception e) {
            return true;
        }
    }

    public static boolean journal() {
        return journal;
    }

    /** A level name as {@code log.level} and {@code --log-level} take it, or empty. */
    public static Optional<Level> parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("warning")) {
            n = "warn";
        }
        return LEVEL_NAMES.contains(n) ? Optional.of(Level.valueOf(n.toUpperCase(Locale.ROOT))) : Optional.empty();
    }

    /** The level named on the command line ({@code --log-level}): it wins over the config's. */
    public static void levelFromCommandLine(Level newLevel) {
        fromCommandLine = true;
        level(newLevel);
    }

    /** The config's {@code log.level}: applies unless the command line named a level. */
    public static void levelFromConfig(Level newLevel) {
        if (!fromCommandLine) {
            level(newLevel);
        }
    }

    /** From now on, loggers without a level of their own in the logging settings log at {@code newLevel}. */
    private static void level(Level newLevel) {
        level = newLevel;
        for (SmartboxLogger logger : loggers) {
            logger.follow(newLevel);
        }
    }

    /** The level set by {@link #level(Level)}, if any. */
    static Optional<Level> level() {
        return Optional.ofNullable(level);
    }

    /**
     * Messages of loggers under {@code prefix} count as debug output whatever level they were logged
     * at: for a library that reports, as errors, things that are normal here (Pi4J looking for a
     * Raspberry Pi board on the mock platform).
     */
    public static void demote(String prefix) {
        if (!demoted.contains(prefix)) {
            demoted.add(prefix);
        }
    }

    static boolean demoted(String name) {
        for (String prefix : demoted) {
            if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    static void register(SmartboxLogger logger) {
        loggers.add(logger);
    }

    /** The syslog priority journald reads from a line's {@code <N>} prefix. */
    static int priority(Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            case DEBUG, TRACE -> 7;
        };
    }
}
