package io.fluxgate.api.herder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code {"id":{"connector","task"},"config":{..}}}; the configuration keeps its keys' order. */
public record TaskInfo(ConnectorTaskId id, Map<String, String> config) {

    public TaskInfo {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
