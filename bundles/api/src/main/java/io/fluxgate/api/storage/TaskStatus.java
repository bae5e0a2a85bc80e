package io.fluxgate.api.storage;

import java.util.Objects;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.State;

/** A task's state as its worker reported it; the fields mean what they mean in {@link ConnectorStatus}. */
public record TaskStatus(ConnectorTaskId task, State state, String trace, String workerId, int generation,
        String version) {

    public TaskStatus {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(workerId, "workerId");
    }
}
