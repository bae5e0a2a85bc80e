package io.fluxgate.api.herder;

import java.util.Map;

/** {@code {"id":{"connector","task"},"config":{..}}}. */
public record TaskInfo(ConnectorTaskId id, Map<String, String> config) {

    public TaskInfo {
        config = Map.copyOf(config);
    }
}
