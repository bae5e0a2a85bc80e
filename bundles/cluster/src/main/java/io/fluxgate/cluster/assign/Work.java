package io.fluxgate.cluster.assign;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * A set of connectors and tasks (Kafka Connect's {@code ConnectorsAndTasks}): mutable, in insertion order, because
 * which tasks a balancing revocation takes depends on the order a worker reported them in.
 */
public final class Work {

    private final Set<String> connectors;
    private final Set<ConnectorTaskId> tasks;

    public Work(Collection<String> connectors, Collection<ConnectorTaskId> tasks) {
        this.connectors = new LinkedHashSet<>(connectors);
        this.tasks = new LinkedHashSet<>(tasks);
    }

    public static Work empty() {
        return new Work(Set.of(), Set.of());
    }

    public Set<String> connectors() {
        return connectors;
    }

    public Set<ConnectorTaskId> tasks() {
        return tasks;
    }

    public boolean isEmpty() {
        return connectors.isEmpty() && tasks.isEmpty();
    }

    public Work addAll(Work other) {
        connectors.addAll(other.connectors);
        tasks.addAll(other.tasks);
        return this;
    }

    public Work removeAll(Work other) {
        connectors.removeAll(other.connectors);
        tasks.removeAll(other.tasks);
        return this;
    }

    /** What is in {@code base} and none of the others, sorted (connectors by name, tasks by connector and number). */
    public static Work difference(Work base, Work... others) {
        Set<String> connectors = new TreeSet<>(base.connectors);
        Set<ConnectorTaskId> tasks = new TreeSet<>(base.tasks);
        for (Work other : others) {
            connectors.removeAll(other.connectors);
            tasks.removeAll(other.tasks);
        }
        return new Work(connectors, tasks);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Work other && connectors.equals(other.connectors) && tasks.equals(other.tasks);
    }

    @Override
    public int hashCode() {
        return 31 * connectors.hashCode() + tasks.hashCode();
    }

    @Override
    public String toString() {
        return "{connectors=" + connectors + ", tasks=" + tasks + '}';
    }
}
