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
public final class ConfigStore implements ConnectorConfigs {

    /** One connector's entry; immutable, replaced on change. */
    public record Entry(Map<String, String> config, TargetState targetState, List<Map<String, String>> taskConfigs,
            Map<String, String> appliedConfig) {

        public Entry {
            config = ordered(config);
            taskConfigs = taskConfigs.stream().map(ConfigStore::ordered).toList();
            appliedConfig = appliedConfig == null ? null : ordered(appliedConfig);
        }
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    /** An unmodifiable copy in the order the user wrote the keys (Map.copyOf's order changes from run to run). */
    private static Map<String, String> ordered(Map<String, String> config) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    @Override
    public synchronized List<String> names() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public synchronized Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Creates or updates a connector; a null target state keeps the current one (STARTED for a new one). */
    public synchronized void putConfig(String name, Map<String, String> config, TargetState targetState) {
        Entry current = entries.get(name);
        TargetState state = targetState != null ? targetState
                : current != null ? current.targetState() : TargetState.STARTED;
        entries.put(name, new Entry(config, state, current == null ? List.of() : current.taskConfigs(),
                current == null ? null : current.appliedConfig()));
    }

    public synchronized void putTargetState(String name, TargetState state) {
        Entry current = entries.get(name);
        if (current != null) {
            entries.put(name, new Entry(current.config(), state, current.taskConfigs(), current.appliedConfig()));
        }
    }

    /** Records the task configurations generated from the connector's current configuration. */
    public synchronized void putTaskConfigs(String name, List<Map<String, String>> taskConfigs) {
        Entry current = entries.get(name);
        if (current != null) {
            entries.put(name, new Entry(current.config(), current.targetState(), taskConfigs,
                    taskConfigs.isEmpty() ? null : current.config()));
        }
    }

    public synchronized void remove(String name) {
        entries.remove(name);
    }
}
