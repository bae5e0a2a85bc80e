package io.fluxgate.cluster.assign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * What one worker will run after the rebalance being computed, built up step by step (Kafka Connect's
 * {@code WorkerLoad}). Lists, not sets: the assignor only adds what no worker has.
 */
final class WorkerLoad {

    /** Least connectors first, then by member id, so that ties always break the same way. */
    static final Comparator<WorkerLoad> BY_CONNECTORS = Comparator.comparingInt(WorkerLoad::connectorCount)
            .thenComparing(WorkerLoad::worker);
    /** Least tasks first, then by member id. */
    static final Comparator<WorkerLoad> BY_TASKS = Comparator.comparingInt(WorkerLoad::taskCount)
            .thenComparing(WorkerLoad::worker);

    private final String worker;
    private final List<String> connectors;
    private final List<ConnectorTaskId> tasks;

    WorkerLoad(String worker, Collection<String> connectors, Collection<ConnectorTaskId> tasks) {
        this.worker = worker;
        this.connectors = new ArrayList<>(connectors);
        this.tasks = new ArrayList<>(tasks);
    }

    String worker() {
        return worker;
    }

    List<String> connectors() {
        return connectors;
    }

    List<ConnectorTaskId> tasks() {
        return tasks;
    }

    int connectorCount() {
        return connectors.size();
    }

    int taskCount() {
        return tasks.size();
    }

    boolean isEmpty() {
        return connectors.isEmpty() && tasks.isEmpty();
    }

    void remove(Work work) {
        connectors.removeAll(work.connectors());
        tasks.removeAll(work.tasks());
    }

    @Override
    public String toString() {
        return "{worker=" + worker + ", connectors=" + connectors + ", tasks=" + tasks + '}';
    }
}
