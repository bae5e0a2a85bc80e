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
 */
public record ConfigSnapshot(long offset, SessionKey sessionKey, Map<String, Map<String, String>> connectorConfigs,
        Map<String, TargetState> targetStates, Map<String, Integer> taskCounts,
        Map<ConnectorTaskId, Map<String, String>> taskConfigs, Map<String, Map<String, String>> appliedConfigs,
        Set<String> inconsistent, Map<String, Long> configGenerations) {

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

    /** STUB (replaced by the storage branch). */
    public Integer taskCountRecord(String connector) {
        return null;
    }

    /** STUB (replaced by the storage branch). */
    public int taskConfigGeneration(String connector) {
        return 0;
    }

    /** STUB (replaced by the storage branch). */
    public boolean pendingFencing(String connector) {
        return false;
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
