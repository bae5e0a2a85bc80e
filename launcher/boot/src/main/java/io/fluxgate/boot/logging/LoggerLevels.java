package io.fluxgate.boot.logging;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The worker's logger levels, read and changed at run time, with Kafka Connect's semantics ({@code Loggers} in
 * connect-runtime). The root logger is named {@code root}; {@code root} and the empty name both address it.
 */
@ProviderType
public interface LoggerLevels {

    /** Every logger the logging backend knows, except those turned off, by name. */
    SortedMap<String, LoggerLevel> all();

    /** The level of an existing logger (its effective level when it has none of its own); empty when unknown. */
    Optional<LoggerLevel> level(String logger);

    /** True when {@code level} (upper case) names a level this backend can set. */
    boolean isValidLevel(String level);

    /**
     * Sets {@code level} on the logger {@code namespace} and every logger below it, creating the namespace's logger
     * when needed.
     *
     * @return the names of the loggers whose level changed, sorted
     * @throws IllegalArgumentException when {@code level} is not {@link #isValidLevel valid}
     */
    List<String> setLevel(String namespace, String level);
}
