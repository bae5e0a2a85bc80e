package io.fluxgate.runtime.distributed;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.boot.logging.LoggerLevels;

/**
 * Applies the cluster-scoped logger levels the config topic brings ({@code logger-cluster-<namespace>} records,
 * KIP-976) to this worker's logging, as they arrive. Only records written after the store started are told (a
 * worker keeps its own logging configuration's levels at start, as Kafka Connect's workers do).
 */
final class ClusterLoggerLevels implements ConfigListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLoggerLevels.class);

    private final LoggerLevels levels;

    ClusterLoggerLevels(LoggerLevels levels) {
        this.levels = levels;
    }

    @Override
    public void loggerLevelChanged(String namespace, String level) {
        if (!levels.isValidLevel(level)) {
            LOG.error("Ignoring the cluster's level {} for logger {}: not a level of this worker's logging", level,
                    namespace);
            return;
        }
        List<String> changed = levels.setLevel(namespace, level);
        LOG.info("Logger {} set to {} for the whole cluster ({} logger(s) changed)", namespace, level,
                changed.size());
    }
}
