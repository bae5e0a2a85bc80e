package io.fluxgate.api.storage;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.TargetState;

/**
 * What the config topic said up to {@link #offset()}: immutable, so a herder can plan a whole rebalance on one
 * consistent view while the store keeps reading.
 *
 * @param offset               the offset of the next record to read (-1 before any), which a worker advertises to
 *                             the group so the leader knows whether it is up to date
 * @param sessionKey           the latest session key, or null
 * @param connectorConfigs     each connector's configuration as written (config-provider placeholders unresolved)
 * @param targetStates         each connector's target state (STARTED when never set)
 * @param taskCounts           the number of tasks of the last commit of each connector
 * @param taskConfigs          each committed task's configuration
 * @param appliedConfigs       each connector's configuration as it was when its tasks were last committed: a herder
 *                             compares it with the current one to know whether the tasks must be regenerated
 * @param inconsistent         connectors whose latest commit referenced task configurations that compaction had
 *                             removed: their tasks must be regenerated before they can run
 * @param configGenerations    the offset of each connector's latest configuration record: the generation of its
 *                             configuration, which task configurations a follower hands to the leader name, so that
 *                             task configurations generated from an older configuration are refused (since 1.1)
 * @param taskCountRecords     each connector's latest task count record ({@code tasks-fencing-<connector>}): how
 *                             many task producers of the connector may be alive and must be fenced before a new
 *                             generation of its tasks starts (KIP-618, since 1.2)
 * @param taskConfigGenerations each connector's task configuration generation, counted as Apache Kafka Connect counts
 *                             it (see {@link #taskConfigGeneration(String)}, since 1.2)
 * @param pendingFencing       the connectors whose tasks were committed after their latest task count record (since
 *                             1.2)
 */
public record ConfigSnapshot(long offset, SessionKey sessionKey, Map<String, Map<String, String>> connectorConfigs,
        Map<String, TargetState> targetStates, Map<String, Integer> taskCounts,
        Map<ConnectorTaskId, Map<String, String>> taskConfigs, Map<String, Map<String, String>> appliedConfigs,
        Set<String> inconsistent, Map<String, Long> configGenerations, Map<String, Integer> taskCountRecords,
        Map<String, Integer> taskConfigGenerations, Set<String> pendingFencing) {

    /** Before anything was read. */
    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(-1, null, Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of(), Set.of(), Map.of());

    public ConfigSnapshot {
        connectorConfigs = copy(connectorConfigs);
        targetStates = Map.copyOf(targetStates);
        taskCounts = Map.copyOf(taskCounts);
        taskConfigs = copy(taskConfigs);
        appliedConfigs = copy(appliedConfigs);
        inconsistent = Set.copyOf(inconsistent);
        configGenerations = Map.copyOf(configGenerations);
        taskCountRecords = Map.copyOf(taskCountRecords);
        taskConfigGenerations = Map.copyOf(taskConfigGenerations);
        pendingFencing = Set.copyOf(pendingFencing);
    }

    /**
     * A view without any exactly-once record (no task count record, no generation, nothing pending fencing): what a
     * cluster that never ran exactly-once source support writes; kept so that herders' tests built before 1.2 compile.
     */
    public ConfigSnapshot(long offset, SessionKey sessionKey, Map<String, Map<String, String>> connectorConfigs,
            Map<String, TargetState> targetStates, Map<String, Integer> taskCounts,
            Map<ConnectorTaskId, Map<String, String>> taskConfigs, Map<String, Map<String, String>> appliedConfigs,
            Set<String> inconsistent, Map<String, Long> configGenerations) {
        this(offset, sessionKey, connectorConfigs, targetStates, taskCounts, taskConfigs, appliedConfigs,
                inconsistent, configGenerations, Map.of(), Map.of(), Set.of());
    }

    /**
     * The task count of the connector's latest task count record, or null when none was read. As in Apache Kafka
     * Connect it outlives the connector's deletion: a connector created again under the same name must still fence
     * the producers of the deleted one's tasks.
     */
    public Integer taskCountRecord(String connector) {
        return taskCountRecords.get(connector);
    }

    /**
     * The generation of the connector's task configurations, Apache's {@code ClusterConfigState.taskConfigGeneration}:
     * 0 at the first commit that applied a complete set of task configurations read for the connector, one more at
     * each later one (a commit whose set compaction left incomplete, or with no task configuration read for the
     * connector since it was created, does not count); -1 where Apache answers null (none yet). Only ever compared
     * within one worker: a task started at one generation must not go on once a later one is read.
     */
    public int taskConfigGeneration(String connector) {
        return taskConfigGenerations.getOrDefault(connector, -1);
    }

    /**
     * Whether task configurations were committed for the connector after its latest task count record (or with none
     * yet), so that a round of zombie fencing must precede its tasks: Apache's {@code connectorsPendingFencing}.
     * Cleared only by a task count record, as in Apache Kafka Connect (not by the connector's deletion).
     */
    public boolean pendingFencing(String connector) {
        return pendingFencing.contains(connector);
    }

    /** The generation of the connector's configuration (see {@code configGenerations}), -1 for an unknown one. */
    public long configGeneration(String connector) {
        return configGenerations.getOrDefault(connector, -1L);
    }

    /** The connectors, sorted. */
    public Set<String> connectors() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(connectorConfigs.keySet()));
    }

    public boolean contains(String connector) {
        return connectorConfigs.containsKey(connector);
    }

    /** The connector's configuration, or null for an unknown connector. */
    public Map<String, String> connectorConfig(String connector) {
        return connectorConfigs.get(connector);
    }

    /** The connector's target state, or null for an unknown connector. */
    public TargetState targetState(String connector) {
        return targetStates.get(connector);
    }

    /** The number of tasks the connector's last commit announced; 0 before its first. */
    public int taskCount(String connector) {
        return taskCounts.getOrDefault(connector, 0);
    }

    /** The connector's committed tasks, in order; none while it is {@linkplain #inconsistent() inconsistent}. */
    public List<ConnectorTaskId> tasks(String connector) {
        if (inconsistent.contains(connector)) {
            return List.of();
        }
        return IntStream.range(0, taskCount(connector)).mapToObj(task -> new ConnectorTaskId(connector, task))
                .toList();
    }

    /** The task's committed configuration, or null. */
    public Map<String, String> taskConfig(ConnectorTaskId task) {
        return taskConfigs.get(task);
    }

    /** The connector's configuration when its tasks were last committed, or null. */
    public Map<String, String> appliedConfig(String connector) {
        return appliedConfigs.get(connector);
    }

    private static <K> Map<K, Map<String, String>> copy(Map<K, Map<String, String>> maps) {
        // Configurations may hold null values (as Kafka's JSON allows), which Map.copyOf refuses; and they keep the
        // order of their keys, as their user wrote them.
        Map<K, Map<String, String>> copy = new HashMap<>();
        maps.forEach((key, map) -> copy.put(Objects.requireNonNull(key),
                Collections.unmodifiableMap(new LinkedHashMap<>(map))));
        return Collections.unmodifiableMap(copy);
    }
}
