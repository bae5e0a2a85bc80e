package io.fluxgate.api.herder;

import java.util.List;
import java.util.Map;

/** {@code {"name","config","tasks":[{"connector","task"}],"type"}}. */
public record ConnectorInfo(String name, Map<String, String> config, List<ConnectorTaskId> tasks,
        ConnectorType type) {

    public ConnectorInfo {
        config = Map.copyOf(config);
        tasks = List.copyOf(tasks);
    }
}
