package io.fluxgate.runtime.distributed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.storage.ConnectorStatus;
import io.fluxgate.api.storage.StatusStore;
import io.fluxgate.api.storage.TaskStatus;
import io.fluxgate.api.storage.TopicStatus;

/**
 * A status topic in memory that remembers every report in order ({@code "c RUNNING"}, {@code "c-0 RESTARTING"}):
 * how a test sees what a worker started, stopped and restarted. Written from the worker's threads.
 */
final class RecordingStatusStore implements StatusStore {

    private final Map<String, ConnectorStatus> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, TaskStatus> tasks = new ConcurrentHashMap<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    /** How many times {@code id} (a connector name or a task id's text) was reported in {@code state}. */
    long count(Object id, State state) {
        String report = id + " " + state;
        return reports.stream().filter(report::equals).count();
    }

    List<String> reports() {
        return List.copyOf(reports);
    }

    /** The connectors whose statuses were deleted. */
    Set<String> deleted() {
        return Set.copyOf(deleted);
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public void put(ConnectorStatus status) {
        connectors.put(status.connector(), status);
        reports.add(status.connector() + " " + status.state());
    }

    @Override
    public void putSafe(ConnectorStatus status) {
        put(status);
    }

    @Override
    public void put(TaskStatus status) {
        tasks.put(status.task(), status);
        reports.add(status.task() + " " + status.state());
    }

    @Override
    public void putSafe(TaskStatus status) {
        put(status);
    }

    @Override
    public void put(TopicStatus status) {
    }

    @Override
    public void delete(String connector, int generation) {
        deleted.add(connector);
        connectors.remove(connector);
        tasks.keySet().removeIf(task -> task.connector().equals(connector));
    }

    @Override
    public void delete(ConnectorTaskId task, int generation) {
        tasks.remove(task);
    }

    @Override
    public void deleteTopic(String connector, String topic) {
    }

    @Override
    public void flush() {
    }

    @Override
    public ConnectorStatus get(String connector) {
        return connectors.get(connector);
    }

    @Override
    public TaskStatus get(ConnectorTaskId task) {
        return tasks.get(task);
    }

    @Override
    public Collection<TaskStatus> getAll(String connector) {
        List<TaskStatus> result = new ArrayList<>();
        tasks.forEach((task, status) -> {
            if (task.connector().equals(connector)) {
                result.add(status);
            }
        });
        return result;
    }

    @Override
    public TopicStatus getTopic(String connector, String topic) {
        return null;
    }

    @Override
    public Collection<TopicStatus> getAllTopics(String connector) {
        return List.of();
    }

    @Override
    public Set<String> connectors() {
        return Set.copyOf(connectors.keySet());
    }
}
