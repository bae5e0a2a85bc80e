package io.fluxgate.runtime.herder;

import java.util.Map;
import java.util.Optional;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.InstanceState;

/**
 * The last reported states of connector instances and tasks: this worker's in standalone mode
 * ({@link MemoryStatusStore}), every worker's (the status topic) in distributed mode. A state's version may be null:
 * the herder adds the version of the configured plugin.
 */
public interface StatusView {

    Optional<InstanceState> connector(String connector);

    Optional<InstanceState> task(ConnectorTaskId task);

    /** The statuses of the connector's tasks, by task number. */
    Map<Integer, InstanceState> tasks(String connector);
}
