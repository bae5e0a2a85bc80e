package io.fluxgate.cluster;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * What must run in the cluster, as this worker has read the config topic so far: every connector with the number of
 * tasks of its last commit. Members advertise {@link #configOffset()} when they join; the leader assigns from its own
 * view, and only once it has read at least as far as every member.
 *
 * @param configOffset the config topic offset this view reflects (the next offset to read; -1 before any read)
 * @param taskCounts   each connector and its number of committed tasks: 0 for a connector without tasks yet,
 *                     stopped, or whose last commit is inconsistent (as Kafka Connect's {@code ClusterConfigState}
 *                     lists no tasks for it); the connector itself is assigned in every case
 */
public record ConfiguredWork(long configOffset, Map<String, Integer> taskCounts) {

    /** Before the config topic was read. */
    public static final ConfiguredWork NONE = new ConfiguredWork(-1, Map.of());

    public ConfiguredWork {
        taskCounts = Collections.unmodifiableSortedMap(new TreeMap<>(taskCounts));
    }

    /** The connectors, sorted. */
    public SortedSet<String> connectors() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(taskCounts.keySet()));
    }

    /** The connector's tasks in order, none for an unknown connector. */
    public List<ConnectorTaskId> tasks(String connector) {
        int count = taskCounts.getOrDefault(connector, 0);
        return IntStream.range(0, count).mapToObj(task -> new ConnectorTaskId(connector, task)).toList();
    }
}
