package io.fluxgate.api.herder;

import java.util.Objects;

/** A task of a connector: {@code {"connector":"c","task":0}}. */
public record ConnectorTaskId(String connector, int task) implements Comparable<ConnectorTaskId> {

    public ConnectorTaskId {
        Objects.requireNonNull(connector, "connector");
    }

    @Override
    public int compareTo(ConnectorTaskId other) {
        int byConnector = connector.compareTo(other.connector);
        return byConnector != 0 ? byConnector : Integer.compare(task, other.task);
    }

    @Override
    public String toString() {
        return connector + "-" + task;
    }
}
