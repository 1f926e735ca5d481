package org.smartbox.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * This program's SLF4J provider, chosen by {@link Logging#setUp}: its loggers ({@link SmartboxLogger})
 * decide what is written and hand terminal lines to slf4j-simple, the backend in the jar. This code
 * compiles against slf4j-api only; slf4j-simple is a runtime dependency, found here by its provider's
 * class name.
 */
public final class SmartboxLogProvider implements SLF4JServiceProvider {

    /** slf4j-simple's provider: on the run-time class path, not the compile-time one. */
    static final String BACKEND = "org.slf4j.simple.SimpleServiceProvider";

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private ILoggerFactory factory;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        LevelSettings settings = LevelSettings.fromClassPath();
        ILoggerFactory terminal = backend();
        Map<String, SmartboxLogger> loggers = new ConcurrentHashMap<>();
        factory = name -> loggers.computeIfAbsent(name,
                n -> new SmartboxLogger(n, terminal.getLogger(n), settings));
    }

    /**
     * slf4j-simple's logger factory, with every level let through: the levels are read here, before
     * that, and {@link SmartboxLogger} applies them (and changes them at run time, which slf4j-simple
     * cannot). Its own per-logger settings agree with ours, since both read the same keys.
     */
    private static ILoggerFactory backend() {
        SLF4JServiceProvider simple;
        try {
            simple = (SLF4JServiceProvider) Class.forName(BACKEND).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("slf4j-simple is missing from the class path (" + BACKEND + ")", e);
        }
        System.setProperty(LevelSettings.DEFAULT_KEY, "trace");
        simple.initialize();
        return simple.getLoggerFactory();
    }
}
