package io.fluxgate.runtime.herder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.fluxgate.api.herder.TargetState;

/**
 * What should run: each connector's configuration as the user wrote it, its target state, and the task
 * configurations last generated from it (with the connector configuration they were generated from). In memory, as
 * Kafka Connect's standalone mode; distributed mode keeps the same in the config topic.
 */
public final class MemoryConnectorConfigs implements ConnectorConfigs {

    private final Map<String, ConnectorEntry> entries = new TreeMap<>();

    @Override
    public synchronized List<String> names() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public synchronized Optional<ConnectorEntry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Creates or updates a connector; a null target state keeps the current one (STARTED for a new one). */
    public synchronized void putConfig(String name, Map<String, String> config, TargetState targetState) {
        ConnectorEntry current = entries.get(name);
        TargetState state = targetState != null ? targetState
                : current != null ? current.targetState() : TargetState.STARTED;
        entries.put(name, new ConnectorEntry(config, state, current == null ? List.of() : current.taskConfigs(),
                current == null ? null : current.appliedConfig()));
    }

    public synchronized void putTargetState(String name, TargetState state) {
        ConnectorEntry current = entries.get(name);
        if (current != null) {
            entries.put(name, new ConnectorEntry(current.config(), state, current.taskConfigs(),
                    current.appliedConfig()));
        }
    }

    /** Records the task configurations generated from the connector's current configuration. */
    public synchronized void putTaskConfigs(String name, List<Map<String, String>> taskConfigs) {
        ConnectorEntry current = entries.get(name);
        if (current != null) {
            entries.put(name, new ConnectorEntry(current.config(), current.targetState(), taskConfigs,
                    taskConfigs.isEmpty() ? null : current.config()));
        }
    }

    public synchronized void remove(String name) {
        entries.remove(name);
    }
}
