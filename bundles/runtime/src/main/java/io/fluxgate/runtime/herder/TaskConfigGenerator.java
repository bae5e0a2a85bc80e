package io.fluxgate.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.status.StatusListener;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerConfigTransformer;

/**
 * Asks a connector running on this worker for its task configurations, as Kafka Connect's herders do after the
 * connector starts or requests a reconfiguration, and tells whether they differ from those stored: what is stored is
 * the configurations as the user wrote them (resolved secrets go back to their placeholders), so that no secret
 * reaches the config store.
 */
public final class TaskConfigGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(TaskConfigGenerator.class);

    private final Worker worker;

    public TaskConfigGenerator(Worker worker) {
        this.worker = worker;
    }

    /**
     * The new task configurations, or empty when the connector does not run here, failed to generate them (it is
     * then reported FAILED to {@code failures}), or generated the stored ones again from the same connector
     * configuration while {@code tasksRunning}.
     */
    public Optional<List<Map<String, String>>> regenerate(String connector, ConnectorEntry entry,
            StatusListener<String> failures, boolean tasksRunning) {
        if (!worker.isRunning(connector)) {
            LOG.info("Skipping update of connector {} since it is not running", connector);
            return Optional.empty();
        }
        List<Map<String, String>> generated;
        try {
            generated = worker.connectorTaskConfigs(connector, new ConnectorConfig(entry.config()));
        } catch (RuntimeException e) {
            LOG.error("Connector {} failed to generate task configurations", connector, e);
            failures.onFailure(connector, e);
            return Optional.empty();
        }
        generated = WorkerConfigTransformer.reverseTransform(entry.config(), generated);
        boolean unchanged = generated.equals(entry.taskConfigs()) && entry.config().equals(entry.appliedConfig())
                && tasksRunning;
        if (unchanged) {
            LOG.debug("Skipping reconfiguration of connector {} as generated configs appear unchanged", connector);
            return Optional.empty();
        }
        return Optional.of(generated);
    }

    /** Whether every task the entry has runs on this worker (standalone mode, where all run here). */
    public boolean allTasksRunning(String connector, ConnectorEntry entry) {
        Set<ConnectorTaskId> running = worker.taskIds();
        return running.containsAll(ConnectorReads.taskIds(connector, entry));
    }
}
