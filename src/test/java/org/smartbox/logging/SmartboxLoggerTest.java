package org.smartbox.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/**
 * What the program's logger lets through and how a journal line looks. Terminal lines go to a
 * recording logger in place of slf4j-simple's, so the test sees exactly what would be written.
 */
class SmartboxLoggerTest {

    private final List<String> written = new CopyOnWriteArrayList<>();

    private SmartboxLogger logger(String name, String settings) throws IOException {
        Properties file = new Properties();
        file.load(new java.io.StringReader(settings));
        return new SmartboxLogger(name, new Recording(name), new LevelSettings(file));
    }

    @Test
    void aLoggerWithoutALevelOfItsOwnFollowsTheLevelSetAtRunTime() throws IOException {
        SmartboxLogger log = logger("org.example.follow.Part", "org.slf4j.simpleLogger.defaultLogLevel=info\n");
        log.follow(Level.INFO);
        log.debug("hidden {}", 1);
        log.info("shown {}", 2);
        log.follow(Level.DEBUG);
        log.debug("now shown {}", 3);
        log.follow(Level.ERROR);
        log.warn("hidden again");
        assertEquals(List.of("INFO shown 2", "DEBUG now shown 3"), written);
        assertFalse(log.isWarnEnabled());
    }

    @Test
    void aLevelTheSettingsNameForALoggerOrItsParentStands() throws IOException {
        SmartboxLogger log = logger("org.example.quiet.Part",
                "org.slf4j.simpleLogger.defaultLogLevel=debug\norg.slf4j.simpleLogger.log.org.example.quiet=warn\n");
        log.follow(Level.TRACE);
        log.info("hidden");
        log.warn("shown");
        assertEquals(List.of("WARN shown"), written);
        SmartboxLogger off = logger("org.example.off.Part", "org.slf4j.simpleLogger.log.org.example.off=off\n");
        off.error("never");
        assertEquals(List.of("WARN shown"), written);
    }

    @Test
    void aDemotedLibrarysErrorsCountAsDebugOutput() throws IOException {
        Logging.demote("org.example.chatty");
        SmartboxLogger log = logger("org.example.chatty.Board", "");
        log.follow(Level.INFO);
        log.error("no Raspberry Pi board found");
        assertFalse(log.isErrorEnabled());
        log.follow(Level.DEBUG);
        log.error("no Raspberry Pi board found");
        assertEquals(List.of("DEBUG no Raspberry Pi board found"), written);
    }

    @Test
    void aJournalLineIsOneLineWithItsPriorityAndTheWholeError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IllegalStateException error = new IllegalStateException("modem\ngone", new java.io.IOException("EIO"));
        SmartboxLogger.journal(new PrintStream(out, true, StandardCharsets.UTF_8), Level.WARN,
                "org.smartbox.modem.ModemGateway", "no answer\r\nto AT", error);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("<4>WARN ModemGateway - no answer | to AT: java.lang.IllegalStateException: modem gone"
                + " | at org.smartbox.logging.SmartboxLoggerTest."), text);
        assertTrue(text.contains(" | caused by: java.io.IOException: EIO | at "), text);
    }

    /** Stands in for slf4j-simple's logger: everything it is handed, as "LEVEL message". */
    private final class Recording extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            written.add(level + " " + pattern);
        }
    }
}
