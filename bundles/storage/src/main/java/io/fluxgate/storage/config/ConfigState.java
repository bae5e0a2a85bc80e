package io.fluxgate.storage.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;
import io.fluxgate.api.storage.ConfigListener;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.RestartRequest;
import io.fluxgate.api.storage.SessionKey;

/**
 * What the config topic says, built record by record in topic order, with Kafka Connect's rules: task configurations
 * wait for their commit; a commit that finds some of its tasks missing (removed by compaction) marks the connector
 * inconsistent instead of applying half a set; a commit for a connector that no longer exists is ignored; a connector
 * without a target state is STARTED. Exactly-once records (KIP-618) follow Apache's {@code KafkaConfigBackingStore}
 * to the letter, since a herder's fencing decisions rest on them: a commit makes its connector pending fencing and a
 * task count record clears that; neither they nor the task configuration generations are forgotten when a
 * connector is deleted.
 */
final class ConfigState {

    /** What listeners must be told of a record. */
    interface Change extends Consumer<ConfigListener> {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigState.class);

    private long offset = -1;
    private SessionKey sessionKey;
    private final Map<String, Map<String, String>> connectorConfigs = new HashMap<>();
    private final Map<String, TargetState> targetStates = new HashMap<>();
    private final Map<String, Integer> taskCounts = new HashMap<>();
    private final Map<ConnectorTaskId, Map<String, String>> taskConfigs = new HashMap<>();
    private final Map<String, Map<String, String>> appliedConfigs = new HashMap<>();
    private final Set<String> inconsistent = new HashSet<>();
    private final Map<String, Long> configGenerations = new HashMap<>();
    private final Map<String, Integer> taskCountRecords = new HashMap<>();
    private final Map<String, Integer> taskConfigGenerations = new HashMap<>();
    private final Set<String> pendingFencing = new HashSet<>();
    // Task configurations read but not yet committed, by connector. A commit empties a connector's entry but keeps
    // it until the connector is removed: Apache counts a task configuration generation only where one exists.
    private final Map<String, Map<ConnectorTaskId, Map<String, String>>> deferred = new HashMap<>();

    synchronized ConfigSnapshot snapshot() {
        return new ConfigSnapshot(offset, sessionKey, connectorConfigs, targetStates, taskCounts, taskConfigs,
                appliedConfigs, inconsistent, configGenerations, taskCountRecords, taskConfigGenerations,
                pendingFencing);
    }

    /**
     * Applies the record at {@code recordOffset} whose value (null for a tombstone) has been read as JSON.
     *
     * @return what listeners must be told, or null
     */
    synchronized Change apply(String key, long recordOffset, Object value) {
        // The offset of the next record, as a consumer's position: what a worker advertises to the group.
        offset = recordOffset + 1;
        if (key.startsWith(ConfigRecords.TARGET_STATE_PREFIX)) {
            return targetState(key.substring(ConfigRecords.TARGET_STATE_PREFIX.length()), value);
        } else if (key.startsWith(ConfigRecords.CONNECTOR_PREFIX)) {
            return connectorConfig(key.substring(ConfigRecords.CONNECTOR_PREFIX.length()), recordOffset, value);
        } else if (key.startsWith(ConfigRecords.TASK_PREFIX)) {
            taskConfig(key, value);
            return null;
        } else if (key.startsWith(ConfigRecords.COMMIT_PREFIX)) {
            return commit(key.substring(ConfigRecords.COMMIT_PREFIX.length()), value);
        } else if (key.startsWith(ConfigRecords.RESTART_PREFIX)) {
            RestartRequest request = ConfigRecords.restartRequest(
                    key.substring(ConfigRecords.RESTART_PREFIX.length()), value);
            return request == null ? null : listener -> listener.restartRequested(request);
        } else if (key.startsWith(ConfigRecords.TASK_COUNT_PREFIX)) {
            taskCountRecord(key.substring(ConfigRecords.TASK_COUNT_PREFIX.length()), value);
            return null;
        } else if (key.equals(ConfigRecords.SESSION_KEY)) {
            return sessionKey(value);
        } else if (key.startsWith(ConfigRecords.LOGGER_PREFIX)) {
            String namespace = key.substring(ConfigRecords.LOGGER_PREFIX.length());
            String level = ConfigRecords.loggerLevel(namespace, value);
            return level == null ? null : listener -> listener.loggerLevelChanged(namespace, level);
        }
        LOG.error("Discarding config update record with invalid key: {}", key);
        return null;
    }

    private Change targetState(String connector, Object value) {
        if (value == null) {
            // Written with the connector's tombstone; the connector's removal is what listeners are told.
            targetStates.remove(connector);
            if (connectorConfigs.containsKey(connector)) {
                targetStates.put(connector, TargetState.STARTED);
            }
            return null;
        }
        TargetState state = ConfigRecords.targetState(connector, value);
        if (state == null) {
            return null;
        }
        TargetState previous = targetStates.put(connector, state);
        // A connector created with an initial state gets it before its configuration: nothing to tell yet.
        if (state == previous || !connectorConfigs.containsKey(connector)) {
            return null;
        }
        return listener -> listener.targetStateChanged(connector);
    }

    private Change connectorConfig(String connector, long recordOffset, Object value) {
        if (value == null) {
            removeConnector(connector);
            LOG.info("Successfully processed removal of connector '{}'", connector);
            return listener -> listener.connectorConfigRemoved(connector);
        }
        Map<String, String> config = ConfigRecords.properties("connector '" + connector + "'", value);
        if (config == null) {
            return null;
        }
        connectorConfigs.put(connector, config);
        configGenerations.put(connector, recordOffset);
        // Connectors created by workers that had no target states start.
        targetStates.putIfAbsent(connector, TargetState.STARTED);
        return listener -> listener.connectorConfigUpdated(connector);
    }

    private void taskConfig(String key, Object value) {
        ConnectorTaskId task = ConfigRecords.taskId(key);
        if (task == null) {
            LOG.error("Ignoring task configuration because {} couldn't be parsed as a task config key", key);
            return;
        }
        if (value == null) {
            LOG.error("Ignoring task configuration for task {} because it is unexpectedly null", task);
            return;
        }
        Map<String, String> config = ConfigRecords.properties("task " + task, value);
        if (config != null) {
            deferred.computeIfAbsent(task.connector(), c -> new HashMap<>()).put(task, config);
        }
    }

    private Change commit(String connector, Object value) {
        Map<String, String> connectorConfig = connectorConfigs.get(connector);
        if (connectorConfig == null) {
            // Deleted before its tasks were committed, and compaction has since removed its configuration and
            // tombstone: the commit belongs to nothing.
            removeConnector(connector);
            LOG.debug("Ignoring task configs for connector {}, which was deleted", connector);
            return null;
        }
        Integer taskCount = ConfigRecords.intField(value, "tasks");
        if (taskCount == null) {
            LOG.error("Ignoring the task commit of connector '{}': 'tasks' is not an integer", connector);
            return null;
        }
        Map<ConnectorTaskId, Map<String, String>> pending = deferred.get(connector);
        List<ConnectorTaskId> applied = new ArrayList<>();
        if (!complete(pending, connector, taskCount)) {
            // Only compacted history leads here; a later commit with a full set makes the connector consistent.
            LOG.debug("Incomplete set of task configs for connector '{}', probably due to compaction", connector);
            inconsistent.add(connector);
        } else {
            if (pending != null) {
                taskConfigs.putAll(pending);
                applied.addAll(pending.keySet());
                taskConfigGenerations.merge(connector, 0, (generation, ignored) -> generation + 1);
            }
            // Tasks beyond the new count are gone.
            taskConfigs.keySet().removeIf(task -> task.connector().equals(connector) && task.task() >= taskCount);
            inconsistent.remove(connector);
            appliedConfigs.put(connector, connectorConfig);
        }
        if (pending != null) {
            // Applied or not, these configurations are spent: an incomplete set must be written again whole.
            pending.clear();
        }
        taskCounts.put(connector, taskCount);
        // Tasks committed after the latest task count record: their producers must be fenced before they start.
        pendingFencing.add(connector);
        applied.sort(null);
        return listener -> listener.taskConfigsCommitted(connector, List.copyOf(applied));
    }

    /**
     * Whether every task below {@code taskCount} has a configuration. More is fine: compaction can leave the
     * configuration of a task that a later commit dropped.
     */
    private static boolean complete(Map<ConnectorTaskId, Map<String, String>> pending, String connector,
            int taskCount) {
        for (int task = 0; task < taskCount; task++) {
            if (pending == null || !pending.containsKey(new ConnectorTaskId(connector, task))) {
                return false;
            }
        }
        return true;
    }

    private void taskCountRecord(String connector, Object value) {
        Integer taskCount = ConfigRecords.intField(value, "task-count");
        if (taskCount == null) {
            LOG.error("Ignoring the task count record of connector '{}': 'task-count' is not an integer", connector);
            return;
        }
        LOG.debug("Setting task count record for connector '{}' to {}", connector, taskCount);
        taskCountRecords.put(connector, taskCount);
        // Written after a fencing round: no producer of an older generation of tasks is left to fence.
        pendingFencing.remove(connector);
    }

    private Change sessionKey(Object value) {
        if (value == null) {
            LOG.error("Ignoring session key because it is unexpectedly null");
            return null;
        }
        SessionKey key = ConfigRecords.sessionKey(value);
        if (key == null) {
            return null;
        }
        sessionKey = key;
        return listener -> listener.sessionKeyUpdated(key);
    }

    private void removeConnector(String connector) {
        configGenerations.remove(connector);
        connectorConfigs.remove(connector);
        taskCounts.remove(connector);
        taskConfigs.keySet().removeIf(task -> task.connector().equals(connector));
        deferred.remove(connector);
        appliedConfigs.remove(connector);
        inconsistent.remove(connector);
    }
}
