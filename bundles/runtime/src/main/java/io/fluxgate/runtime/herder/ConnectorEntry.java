package io.fluxgate.runtime.herder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fluxgate.api.herder.TargetState;

/**
 * What should run of one connector: its configuration as the user wrote it (keys in the user's order), its target
 * state, the task configurations last generated, and the connector configuration they were generated from.
 * Immutable, replaced on change.
 */
public record ConnectorEntry(Map<String, String> config, TargetState targetState,
        List<Map<String, String>> taskConfigs, Map<String, String> appliedConfig) {

    public ConnectorEntry {
        config = ordered(config);
        taskConfigs = taskConfigs.stream().map(ConnectorEntry::ordered).toList();
        appliedConfig = appliedConfig == null ? null : ordered(appliedConfig);
    }

    /** An unmodifiable copy in the order the user wrote the keys (Map.copyOf's order changes from run to run). */
    static Map<String, String> ordered(Map<String, String> config) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

}
