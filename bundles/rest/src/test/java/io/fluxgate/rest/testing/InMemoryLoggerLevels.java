package io.fluxgate.rest.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.fluxgate.boot.logging.LoggerLevel;
import io.fluxgate.boot.logging.LoggerLevels;

/** Loggers kept in a map, with a fixed clock: what the REST layer makes of the launcher's levels. */
public final class InMemoryLoggerLevels implements LoggerLevels {

    public static final long NOW = 1_700_000_000_000L;
    private static final Set<String> LEVELS = Set.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE",
            "ALL");

    private final SortedMap<String, LoggerLevel> loggers = new TreeMap<>();

    public InMemoryLoggerLevels() {
        loggers.put("root", new LoggerLevel("INFO", null));
        loggers.put("org.apache.kafka.connect", new LoggerLevel("INFO", null));
        loggers.put("org.apache.kafka.connect.runtime.WorkerSourceTask", new LoggerLevel("INFO", null));
    }

    @Override
    public synchronized SortedMap<String, LoggerLevel> all() {
        return new TreeMap<>(loggers);
    }

    @Override
    public synchronized Optional<LoggerLevel> level(String logger) {
        return Optional.ofNullable(loggers.get(logger.isEmpty() ? "root" : logger));
    }

    @Override
    public boolean isValidLevel(String level) {
        return LEVELS.contains(level);
    }

    @Override
    public synchronized List<String> setLevel(String namespace, String level) {
        List<String> changed = new ArrayList<>();
        loggers.putIfAbsent(namespace, new LoggerLevel("", null));
        for (String name : List.copyOf(loggers.keySet())) {
            if ((name.equals(namespace) || name.startsWith(namespace + ".") || "root".equals(namespace))
                    && !loggers.get(name).level().equals(level)) {
                loggers.put(name, new LoggerLevel(level, NOW));
                changed.add(name);
            }
        }
        return changed;
    }
}
