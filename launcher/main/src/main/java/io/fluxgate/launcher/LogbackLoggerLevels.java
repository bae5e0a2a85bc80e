package io.fluxgate.launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

import io.fluxgate.boot.logging.LoggerLevel;
import io.fluxgate.boot.logging.LoggerLevels;

/**
 * {@link LoggerLevels} over logback, with the semantics of Kafka Connect's log4j2 {@code Loggers}: every known logger
 * is listed with its effective level, a change applies to the namespace and every logger below it, and the answer
 * names the loggers whose level really changed. Logback has no FATAL level: FATAL is taken as ERROR.
 */
final class LogbackLoggerLevels implements LoggerLevels {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(LogbackLoggerLevels.class);
    private static final String ROOT = "root";

    private final LoggerContext context;
    private final LongSupplier clock;
    private final Map<String, Long> lastModified = new ConcurrentHashMap<>();

    LogbackLoggerLevels(LoggerContext context, LongSupplier clock) {
        this.context = context;
        this.clock = clock;
    }

    /** The levels of the slf4j binding in use, when it is logback. */
    static Optional<LoggerLevels> ofCurrentBinding() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext logback) {
            return Optional.of(new LogbackLoggerLevels(logback, System::currentTimeMillis));
        }
        LOG.info("Logging is not logback ({}): /admin/loggers cannot change levels", factory.getClass().getName());
        return Optional.empty();
    }

    @Override
    public SortedMap<String, LoggerLevel> all() {
        SortedMap<String, LoggerLevel> levels = new TreeMap<>();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getEffectiveLevel() != Level.OFF) {
                levels.put(name(logger), levelOf(logger));
            }
        }
        return levels;
    }

    @Override
    public Optional<LoggerLevel> level(String logger) {
        // exists() rather than getLogger(): asking about a logger must not create it.
        Logger found = isRoot(logger) ? root() : context.exists(logger);
        return Optional.ofNullable(found).map(this::levelOf);
    }

    @Override
    public boolean isValidLevel(String level) {
        return parse(level) != null;
    }

    @Override
    public synchronized List<String> setLevel(String namespace, String level) {
        Level target = parse(level);
        if (target == null) {
            throw new IllegalArgumentException("invalid log level '" + level + "'.");
        }
        boolean root = isRoot(namespace);
        LOG.info("Setting level of namespace {} and children to {}", root ? ROOT : namespace, target);
        Map<String, Level> before = new HashMap<>();
        for (Logger logger : context.getLoggerList()) {
            before.put(logger.getName(), logger.getEffectiveLevel());
        }
        Logger ancestor = root ? root() : context.getLogger(namespace);
        List<Logger> affected = new ArrayList<>();
        for (Logger logger : context.getLoggerList()) {
            if (logger == ancestor || root || logger.getName().startsWith(namespace + ".")) {
                logger.setLevel(target);
                affected.add(logger);
            }
        }
        long now = clock.getAsLong();
        List<String> changed = new ArrayList<>();
        for (Logger logger : affected) {
            if (logger.getEffectiveLevel() != before.get(logger.getName())) {
                lastModified.put(name(logger), now);
                changed.add(name(logger));
            }
        }
        Collections.sort(changed);
        return changed;
    }

    private LoggerLevel levelOf(Logger logger) {
        return new LoggerLevel(logger.getEffectiveLevel().toString(), lastModified.get(name(logger)));
    }

    private Logger root() {
        return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String name(Logger logger) {
        return org.slf4j.Logger.ROOT_LOGGER_NAME.equals(logger.getName()) ? ROOT : logger.getName();
    }

    private static boolean isRoot(String name) {
        return name.isEmpty() || ROOT.equalsIgnoreCase(name);
    }

    /** Logback's level named {@code level} (upper case, as Kafka Connect expects), FATAL as ERROR; null if none. */
    private static Level parse(String level) {
        if (level == null || !level.equals(level.toUpperCase(Locale.ROOT))) {
            return null;
        }
        if ("FATAL".equals(level)) {
            return Level.ERROR;
        }
        return switch (level) {
            case "OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL" -> Level.toLevel(level);
            default -> null;
        };
    }
}
