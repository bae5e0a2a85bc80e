package io.fluxgate.api.herder;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /connectors/{c}/status}: the connector instance's state and each task's, by task number.
 */
public record ConnectorStateInfo(String name, InstanceState connector, Map<Integer, InstanceState> tasks,
        ConnectorType type) {

    public ConnectorStateInfo {
        tasks = Map.copyOf(tasks);
    }

    /** The task numbers in order. */
    public List<Integer> taskIds() {
        return tasks.keySet().stream().sorted().toList();
    }
}
