package io.fluxgate.storage.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.storage.ConnectorStatus;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.api.storage.TopicStatus;

/**
 * The statuses read from the status topic, and the bookkeeping of this worker's writes to it, with Kafka Connect's
 * rules: a "safe" write yields to a status another worker reported in a newer generation, a retried write yields to
 * any newer write of the same key, and an UNASSIGNED report does not hide a RUNNING one of the same or a newer
 * generation (a worker that had not yet read it sent it during a rebalance).
 */
final class StatusCache {

    /** One connector's or task's status, and the writes issued for it. */
    static final class Entry<T> {
        private T value;
        private String workerId;
        private int generation;
        private int sequence;
        private boolean deleted;
    }

    /** A write this worker issued: retried only while it is still the latest word on its key. */
    record Write(Entry<?> entry, int sequence, String workerId, int generation, boolean safe) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatusCache.class);

    private final Map<String, Entry<ConnectorStatus>> connectors = new HashMap<>();
    private final Map<String, Map<Integer, Entry<TaskStatus>>> tasks = new HashMap<>();
    private final Map<String, Map<String, TopicStatus>> topics = new HashMap<>();
    // The latest generation this worker wrote in: a write of an older one is not worth retrying.
    private int generation;

    synchronized Entry<ConnectorStatus> connector(String connector) {
        return connectors.computeIfAbsent(connector, c -> new Entry<>());
    }

    synchronized Entry<TaskStatus> task(ConnectorTaskId task) {
        return tasks.computeIfAbsent(task.connector(), c -> new HashMap<>()).computeIfAbsent(task.task(),
                t -> new Entry<>());
    }

    /** Reserves a write to {@code entry}; null when a safe write must yield to a newer status. */
    synchronized Write reserve(Entry<?> entry, String workerId, int writeGeneration, boolean safe) {
        generation = writeGeneration;
        if (safe && !canWriteSafely(entry, workerId, writeGeneration)) {
            return null;
        }
        return new Write(entry, ++entry.sequence, workerId, writeGeneration, safe);
    }

    /** Whether a failed write should be sent again. */
    synchronized boolean worthRetrying(Write write) {
        Entry<?> entry = write.entry();
        return !entry.deleted && write.generation() == generation && write.sequence() == entry.sequence
                && (!write.safe() || canWriteSafely(entry, write.workerId(), write.generation()));
    }

    private static boolean canWriteSafely(Entry<?> entry, String workerId, int writeGeneration) {
        return entry.value == null || entry.workerId.equals(workerId) || entry.generation <= writeGeneration;
    }

    // What was read

    synchronized void read(ConnectorStatus status) {
        set(connector(status.connector()), status, status.workerId(), status.generation());
    }

    synchronized void read(TaskStatus status) {
        Entry<TaskStatus> entry = task(status.task());
        TaskStatus current = entry.value;
        if (status.state() == State.UNASSIGNED && current != null && current.state() == State.RUNNING
                && current.generation() >= status.generation()) {
            LOG.trace("Ignoring stale status {} in favour of more up to date status {}", status, current);
            return;
        }
        set(entry, status, status.workerId(), status.generation());
    }

    private static <T> void set(Entry<T> entry, T value, String workerId, int generation) {
        entry.value = value;
        entry.workerId = workerId;
        entry.generation = generation;
    }

    /** A connector's tombstone: its status and its tasks' are gone. */
    synchronized void removeConnector(String connector) {
        Entry<ConnectorStatus> removed = connectors.remove(connector);
        if (removed != null) {
            removed.deleted = true;
        }
        Map<Integer, Entry<TaskStatus>> removedTasks = tasks.remove(connector);
        if (removedTasks != null) {
            removedTasks.values().forEach(entry -> entry.deleted = true);
        }
    }

    synchronized void removeTask(ConnectorTaskId task) {
        Map<Integer, Entry<TaskStatus>> byTask = tasks.get(task.connector());
        Entry<TaskStatus> removed = byTask == null ? null : byTask.remove(task.task());
        if (removed != null) {
            removed.deleted = true;
        }
    }

    synchronized void readTopic(String connector, TopicStatus status) {
        topics.computeIfAbsent(connector, c -> new HashMap<>()).put(status.topic(), status);
    }

    synchronized void removeTopic(String connector, String topic) {
        Map<String, TopicStatus> used = topics.get(connector);
        if (used != null) {
            used.remove(topic);
        }
    }

    // Answers

    synchronized ConnectorStatus connectorStatus(String connector) {
        Entry<ConnectorStatus> entry = connectors.get(connector);
        return entry == null ? null : entry.value;
    }

    synchronized TaskStatus taskStatus(ConnectorTaskId task) {
        Map<Integer, Entry<TaskStatus>> byTask = tasks.get(task.connector());
        Entry<TaskStatus> entry = byTask == null ? null : byTask.get(task.task());
        return entry == null ? null : entry.value;
    }

    /** The connector's task statuses, by task number. */
    synchronized List<TaskStatus> taskStatuses(String connector) {
        List<TaskStatus> statuses = new ArrayList<>();
        new TreeMap<>(tasks.getOrDefault(connector, Map.of())).values().forEach(entry -> {
            if (entry.value != null) {
                statuses.add(entry.value);
            }
        });
        return statuses;
    }

    synchronized TopicStatus topic(String connector, String topic) {
        return topics.getOrDefault(connector, Map.of()).get(topic);
    }

    synchronized List<TopicStatus> topics(String connector) {
        return List.copyOf(topics.getOrDefault(connector, Map.of()).values());
    }

    /** Connectors with a status (written or read). */
    synchronized Set<String> connectors() {
        return Set.copyOf(connectors.keySet());
    }
}
