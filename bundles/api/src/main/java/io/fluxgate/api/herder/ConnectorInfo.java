package io.fluxgate.api.herder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code {"name","config","tasks":[{"connector","task"}],"type"}}; the configuration keeps its keys' order. */
public record ConnectorInfo(String name, Map<String, String> config, List<ConnectorTaskId> tasks,
        ConnectorType type) {

    public ConnectorInfo {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        tasks = List.copyOf(tasks);
    }
}
